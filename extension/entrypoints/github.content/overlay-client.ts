import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { OverlayState } from '../../lib/overlay/overlay-store';

/** The overlay's view of SessionPilot, refreshed from the background (the only source it has). */
export const overlay = signal<OverlayState | null>(null);

export type Reply<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } };

/** Asks the background one allow-listed question; a dead or reloaded extension becomes a sentence. */
export async function ask<T>(message: Record<string, unknown>): Promise<Reply<T>> {
  try {
    const reply = (await browser.runtime.sendMessage(message)) as Reply<T> | undefined;
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
  } catch {
    // The extension was reloaded or removed: this page's script is orphaned.
  }
  return { ok: false, error: { code: 'no_background', message: 'SessionPilot is not answering; reload the page.' } };
}

export async function refreshOverlay(): Promise<void> {
  const r = await ask<OverlayState>({ type: 'overlay.state', url: location.href });
  if (r.ok) overlay.value = r.result;
}
