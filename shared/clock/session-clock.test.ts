import { describe, expect, it } from 'vitest';
import { badgeText, badgeTone, formatCountdown, isOver, remainingMs } from './session-clock';

describe('session clock', () => {
  it('counts down from the stored deadline and freezes while paused', () => {
    expect(remainingMs({ deadlineAt: 10_000 }, 4_000)).toBe(6_000);
    expect(remainingMs({ deadlineAt: 10_000 }, 12_000)).toBe(0);
    expect(remainingMs({ deadlineAt: 10_000, pausedAt: 7_000 }, 50_000)).toBe(3_000);
    expect(isOver({ deadlineAt: 10_000 }, 10_000)).toBe(true);
    expect(isOver({ deadlineAt: 10_000, pausedAt: 9_000 }, 20_000)).toBe(false);
  });

  it('formats the countdown and the badge', () => {
    expect(formatCountdown(25 * 60_000)).toBe('25:00');
    expect(formatCountdown(61_001)).toBe('1:02');
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(badgeText(25 * 60_000)).toBe('25');
    expect(badgeText(24 * 60_000 + 1)).toBe('25');
    expect(badgeText(59_000)).toBe('59s');
    expect(badgeText(0)).toBe('0');
    expect(badgeTone(10 * 60_000, false)).toBe('calm');
    expect(badgeTone(4 * 60_000, false)).toBe('soon');
    expect(badgeTone(30_000, false)).toBe('urgent');
    expect(badgeTone(30_000, true)).toBe('paused');
  });
});
