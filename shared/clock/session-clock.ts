/**
 * Pure clock arithmetic. The truth is a stored deadline (shifted by pauses and extensions);
 * `now` is always passed in so tests can move time.
 */
export interface ClockState {
  deadlineAt: number;
  pausedAt?: number;
}

export function remainingMs(clock: ClockState, now: number): number {
  return Math.max(0, clock.deadlineAt - (clock.pausedAt ?? now));
}

export function isOver(clock: ClockState, now: number): boolean {
  return clock.pausedAt === undefined && now >= clock.deadlineAt;
}

/** "12:05", or "1:02:05" past an hour; counts up to the next whole second so 0:00 means over. */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The toolbar badge: whole minutes left (rounded up), seconds in the last minute. */
export function badgeText(ms: number): string {
  if (ms <= 0) return '0';
  if (ms < 60_000) return `${Math.ceil(ms / 1000)}s`;
  const minutes = Math.ceil(ms / 60_000);
  return minutes > 999 ? '999+' : String(minutes);
}

export type BadgeTone = 'calm' | 'soon' | 'urgent' | 'paused';

export function badgeTone(ms: number, paused: boolean): BadgeTone {
  if (paused) return 'paused';
  if (ms < 60_000) return 'urgent';
  if (ms < 5 * 60_000) return 'soon';
  return 'calm';
}
