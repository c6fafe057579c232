import { browser } from 'wxt/browser';
import type { Result } from '../../../shared/result';
import { RuntimeReplySchema, type RuntimeRequest } from './runtime-messages';

/** Sends one request to the background; a dead or confused background becomes a failure value. */
export async function sendRequest<T = unknown>(request: RuntimeRequest): Promise<Result<T>> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(request);
  } catch {
    return { ok: false, error: { code: 'no_background', message: 'The extension background is not answering; reload the page.' } };
  }
  const parsed = RuntimeReplySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: { code: 'bad_reply', message: 'The background sent a reply this page does not understand.' } };
  return parsed.data.ok ? { ok: true, value: parsed.data.result as T } : { ok: false, error: parsed.data.error };
}
