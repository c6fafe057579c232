import { z } from 'zod';
import type { SessionPilotDb } from '../db/db';

/** Settings row key for everything the session clock needs. */
export const CLOCK_SETTINGS_KEY = 'clock';

export const ClockSettingsSchema = z.object({
  /** Minutes before the end to warn at. */
  warnings: z.array(z.number().int().min(1).max(120)).max(6).default([10, 5, 1]),
  sound: z.boolean().default(true),
  volume: z.number().min(0).max(1).default(0.6),
  /** When the task in progress is done or skipped, start the next one. */
  autoAdvance: z.boolean().default(true),
  /** Nudge when the task in progress runs past its estimate. */
  overtimeNudge: z.boolean().default(true),
});
export type ClockSettings = z.infer<typeof ClockSettingsSchema>;
export const DEFAULT_CLOCK_SETTINGS: ClockSettings = ClockSettingsSchema.parse({});

/** The stored settings; anything unreadable falls back to the defaults field by field. */
export async function loadClockSettings(db: SessionPilotDb): Promise<ClockSettings> {
  const raw = (await db.settings.get(CLOCK_SETTINGS_KEY))?.value;
  const parsed = ClockSettingsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const out: Record<string, unknown> = { ...DEFAULT_CLOCK_SETTINGS };
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) {
      const field = ClockSettingsSchema.shape[k as keyof ClockSettings];
      if (field && field.safeParse(v).success) out[k] = v;
    }
  }
  return ClockSettingsSchema.parse(out);
}

export async function saveClockSettings(db: SessionPilotDb, input: unknown): Promise<{ ok: true; value: ClockSettings } | { ok: false; error: { code: 'invalid'; message: string } }> {
  const parsed = ClockSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path[0] === 'warnings' ? 'Warnings must be whole minutes from 1 to 120 (at most 6).' : issue?.path[0] === 'volume' ? 'Volume must be from 0 to 1.' : 'Those settings are not valid.';
    return { ok: false, error: { code: 'invalid', message: where } };
  }
  const warnings = [...new Set(parsed.data.warnings)].sort((a, b) => b - a);
  const value = { ...parsed.data, warnings };
  await db.settings.put({ key: CLOCK_SETTINGS_KEY, value });
  return { ok: true, value };
}
