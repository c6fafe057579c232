import { browser } from 'wxt/browser';
import { playChime } from './chime';
import type { ChimeName, OffscreenMessage } from './offscreen-messages';

const OFFSCREEN_URL = '/offscreen.html';
let creating: Promise<void> | undefined;

/** The part of Chrome's offscreen API used here (Firefox has none). */
interface OffscreenApi {
  hasDocument?: () => Promise<boolean>;
  createDocument: (options: { url: string; reasons: string[]; justification: string }) => Promise<void>;
}

async function ensureOffscreen(offscreen: OffscreenApi): Promise<void> {
  if (await offscreen.hasDocument?.()) return;
  creating ??= offscreen
    .createDocument({ url: OFFSCREEN_URL, reasons: ['AUDIO_PLAYBACK'], justification: 'Session warning and end chimes.' })
    .catch((err: unknown) => {
      // Another call created it first: that is fine.
      if (!String(err).includes('single offscreen')) throw err;
    })
    .finally(() => (creating = undefined));
  await creating;
}

/**
 * Plays a chime from the background: through the offscreen document on Chrome (a service worker
 * has no audio), directly on Firefox's background page.
 */
export async function playChimeFromBackground(name: ChimeName, volume: number): Promise<void> {
  if (volume <= 0) return;
  const offscreen = (browser as unknown as { offscreen?: OffscreenApi }).offscreen;
  if (offscreen) {
    await ensureOffscreen(offscreen);
    const message: OffscreenMessage = { target: 'offscreen', type: 'play', chime: name, volume };
    await browser.runtime.sendMessage(message);
    return;
  }
  if (typeof AudioContext !== 'undefined') await playChime(new AudioContext(), name, volume);
}
