import { describe, expect, it } from 'vitest';
import { timeAgo } from './time-ago';

describe('timeAgo', () => {
  it('rounds down to the largest unit', () => {
    const now = 1_000_000_000_000;
    expect(timeAgo(now - 10_000, now)).toBe('just now');
    expect(timeAgo(now - 60_000, now)).toBe('1 minute ago');
    expect(timeAgo(now - 3 * 3_600_000, now)).toBe('3 hours ago');
    expect(timeAgo(now - 8 * 86_400_000, now)).toBe('1 week ago');
    expect(timeAgo(now - 400 * 86_400_000, now)).toBe('1 year ago');
    expect(timeAgo(now + 5_000, now)).toBe('just now');
  });
});
