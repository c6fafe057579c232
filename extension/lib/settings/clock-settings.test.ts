import { beforeEach, describe, expect, it } from 'vitest';
import { createDb, type SessionPilotDb } from '../db/db';
import { CLOCK_SETTINGS_KEY, DEFAULT_CLOCK_SETTINGS, loadClockSettings, saveClockSettings } from './clock-settings';

let db: SessionPilotDb;
beforeEach(async () => {
  db = createDb(`settings-${crypto.randomUUID()}`);
  await db.open();
});

describe('clock settings', () => {
  it('defaults to warnings at 10, 5 and 1 minutes, sound on, auto-advance on', async () => {
    expect(await loadClockSettings(db)).toEqual({ warnings: [10, 5, 1], sound: true, volume: 0.6, autoAdvance: true, overtimeNudge: true });
  });

  it('saves sorted, de-duplicated warnings and refuses bad values in one sentence, changing nothing', async () => {
    expect(await saveClockSettings(db, { warnings: [1, 15, 1], volume: 0.2 })).toMatchObject({ ok: true, value: { warnings: [15, 1], volume: 0.2 } });
    expect(await saveClockSettings(db, { warnings: [0] })).toEqual({ ok: false, error: { code: 'invalid', message: 'Warnings must be whole minutes from 1 to 120 (at most 6).' } });
    expect(await saveClockSettings(db, { volume: 3 })).toEqual({ ok: false, error: { code: 'invalid', message: 'Volume must be from 0 to 1.' } });
    expect((await loadClockSettings(db)).warnings).toEqual([15, 1]);
  });

  it('keeps the readable fields of a damaged row', async () => {
    await db.settings.put({ key: CLOCK_SETTINGS_KEY, value: { warnings: 'often', sound: false, volume: -1 } });
    expect(await loadClockSettings(db)).toEqual({ ...DEFAULT_CLOCK_SETTINGS, sound: false });
  });
});
