import { describe, expect, it } from 'vitest';
import { KEEP_DAYS, KEEP_NEWEST, retained } from './backup-vault';
import type { StoredBackup } from '../../../shared/protocol/backup-methods';

const HOUR = 3_600_000;
const b = (storedAt: number, i: number): StoredBackup => ({ name: `sessionpilot-backup-20260101T0000${String(i).padStart(2, '0')}Z.json`, bytes: 1, sha256: '0'.repeat(64), storedAt, exportedAt: storedAt, counts: {} });

describe('which rolling backups are kept', () => {
  it('keeps the newest few, then one a day for a month, then none', () => {
    const now = Date.UTC(2026, 10, 22, 12);
    // Four backups a day for 60 days.
    const all = Array.from({ length: 240 }, (_, i) => b(now - i * 6 * HOUR, i));
    const kept = retained(all, now);
    expect(kept.slice(0, KEEP_NEWEST)).toEqual(all.slice(0, KEEP_NEWEST));
    const days = new Set(kept.map((k) => new Date(k.storedAt).toDateString()));
    expect(days.size).toBeGreaterThanOrEqual(KEEP_DAYS);
    expect(days.size).toBeLessThanOrEqual(KEEP_DAYS + 1);
    expect(kept.every((k) => now - k.storedAt <= (KEEP_DAYS + 1) * 24 * HOUR)).toBe(true);
    expect(kept.length).toBeLessThan(KEEP_NEWEST + KEEP_DAYS + 1);
  });

  it('keeps everything while there are few', () => {
    const now = Date.now();
    const few = [b(now, 1), b(now - HOUR, 2), b(now - 400 * 24 * HOUR, 3)];
    expect(retained(few, now)).toEqual(few);
  });
});
