import type { ChimeName } from './offscreen-messages';

/** Retro square-wave notes (Hz, seconds): synthesized, so there is no audio file of unknown licence. */
export const CHIMES: Record<ChimeName, Array<[number, number]>> = {
  warning: [[880, 0.09], [1175, 0.12]],
  end: [[784, 0.1], [988, 0.1], [1175, 0.1], [1568, 0.22]],
  over: [[659, 0.12], [523, 0.18]],
};

/** Plays a chime and resolves when it has finished. */
export async function playChime(ctx: AudioContext, chime: ChimeName, volume: number): Promise<void> {
  if (ctx.state === 'suspended') await ctx.resume();
  let t = ctx.currentTime + 0.02;
  for (const [freq, dur] of CHIMES[chime]) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(0.15 * volume, t + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + dur);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + dur + 0.02);
    t += dur + 0.03;
  }
  await new Promise((resolve) => setTimeout(resolve, Math.ceil((t - ctx.currentTime) * 1000)));
}
