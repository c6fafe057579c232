import { describe, expect, it } from 'vitest';
import { addDays, customRange, daysOf, presetRange, rangeBounds } from './day-range';

describe('day ranges', () => {
  it('counts presets back from today, inclusive', () => {
    expect(presetRange('7d', '2026-03-10')).toEqual({ since: '2026-03-04', until: '2026-03-10' });
    expect(presetRange('30d', '2026-03-01')).toEqual({ since: '2026-01-31', until: '2026-03-01' });
    expect(presetRange('all', '2026-03-01')).toEqual({});
  });

  it('adds calendar days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysOf('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('checks a custom range', () => {
    expect(customRange('2026-03-01', '')).toEqual({ range: { since: '2026-03-01' } });
    expect(customRange('2026-03-05', '2026-03-01')).toEqual({ error: 'The start is after the end.' });
    expect(customRange('03/01/2026', '')).toEqual({ error: 'The start is not a date.' });
  });

  it('turns a range into local epoch bounds (end exclusive)', () => {
    const b = rangeBounds({ since: '2026-03-01', until: '2026-03-01' });
    expect(b.from).toBe(new Date(2026, 2, 1).getTime());
    expect(b.to).toBe(new Date(2026, 2, 2).getTime());
    expect(rangeBounds({})).toEqual({ from: 0, to: Number.MAX_SAFE_INTEGER });
  });
});
