import { localDay } from '../../../../shared/usage/daily-usage';

export const RANGE_PRESETS = [
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
  { id: 'all', label: 'All time', days: null },
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number]['id'] | 'custom';

/** Local calendar days, inclusive; a missing end is open. */
export interface DayRange {
  since?: string;
  until?: string;
}

function parse(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** The local day `n` days after `day` (calendar arithmetic, so a daylight-saving day is still one day). */
export function addDays(day: string, n: number): string {
  const d = parse(day)!;
  return localDay(new Date(d.getFullYear(), d.getMonth(), d.getDate() + n).getTime());
}

/** The range a preset names, ending today. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): DayRange {
  const p = RANGE_PRESETS.find((r) => r.id === preset)!;
  return p.days === null ? {} : { since: addDays(today, -(p.days - 1)), until: today };
}

/** A custom range from two date inputs (either may be empty); null with a reason when it makes no sense. */
export function customRange(since: string, until: string): { range: DayRange } | { error: string } {
  if (since && !parse(since)) return { error: 'The start is not a date.' };
  if (until && !parse(until)) return { error: 'The end is not a date.' };
  if (since && until && since > until) return { error: 'The start is after the end.' };
  return { range: { ...(since ? { since } : {}), ...(until ? { until } : {}) } };
}

/** Every local day from `since` to `until`, for a chart axis without holes (at most `max` days). */
export function daysOf(since: string, until: string, max = 800): string[] {
  const out: string[] = [];
  for (let d = since; d <= until && out.length < max; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Local midnight of a day, in epoch seconds (uPlot's time unit). */
export function dayStartSeconds(day: string): number {
  return parse(day)!.getTime() / 1000;
}

/** Epoch ms range of a local day range: [start of since, start of the day after until). */
export function rangeBounds(range: DayRange): { from: number; to: number } {
  return {
    from: range.since ? parse(range.since)!.getTime() : 0,
    to: range.until ? parse(addDays(range.until, 1))!.getTime() : Number.MAX_SAFE_INTEGER,
  };
}
