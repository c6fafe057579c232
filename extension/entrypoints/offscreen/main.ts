import { browser } from 'wxt/browser';
import { playChime } from '../../lib/audio/chime';
import { OffscreenMessageSchema } from '../../lib/audio/offscreen-messages';

// The offscreen document exists only to play chimes (reason AUDIO_PLAYBACK).
browser.runtime.onMessage.addListener((raw, sender, sendResponse) => {
  if (sender.id !== browser.runtime.id) return false;
  const parsed = OffscreenMessageSchema.safeParse(raw);
  if (!parsed.success) return false;
  void playChime(new AudioContext(), parsed.data.chime, parsed.data.volume).then(
    () => sendResponse({ ok: true, result: { played: true } }),
    (err: unknown) => sendResponse({ ok: false, error: { code: 'audio_failed', message: String(err) } }),
  );
  return true;
});
