import { fail, ok, type Result } from '../result';
import type { DailyUsage, UsageReport, UsageTotals } from './usage-schemas';

/** What summing needs from an entry. `cost` null: the model has no known price. */
export interface PricedTokens {
  timestamp: number;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  cost: number | null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local calendar day (the process's time zone, so `TZ` is honoured) of an epoch-ms instant. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `YYYY-MM-DD` naming a real calendar day, else a failure with one sentence. */
export function parseDay(text: string, flag: string): Result<string, 'bad_date'> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d) return ok(text);
  }
  return fail('bad_date', `${flag} takes a calendar date as YYYY-MM-DD (for example 2025-06-30), not "${text}".`);
}

interface Accumulator {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalCost: number;
  models: Set<string>;
  unpriced: Set<string>;
}

const emptyAccumulator = (): Accumulator => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  totalCost: 0,
  models: new Set(),
  unpriced: new Set(),
});

function add(acc: Accumulator, e: PricedTokens): void {
  acc.inputTokens += e.inputTokens;
  acc.outputTokens += e.outputTokens;
  acc.cacheCreationTokens += e.cacheCreationTokens;
  acc.cacheReadTokens += e.cacheReadTokens;
  if (e.model) acc.models.add(e.model);
  if (e.cost !== null) acc.totalCost += e.cost;
  else if (e.inputTokens + e.outputTokens + e.cacheCreationTokens + e.cacheReadTokens > 0) acc.unpriced.add(e.model ?? 'unknown model');
}

function totalsOf(acc: Accumulator): UsageTotals {
  return {
    inputTokens: acc.inputTokens,
    outputTokens: acc.outputTokens,
    cacheCreationTokens: acc.cacheCreationTokens,
    cacheReadTokens: acc.cacheReadTokens,
    totalTokens: acc.inputTokens + acc.outputTokens + acc.cacheCreationTokens + acc.cacheReadTokens,
    totalCost: acc.totalCost,
    unpricedModels: [...acc.unpriced].sort(),
  };
}

const SPAN_MS = 15 * 60_000;

/**
 * localDay for many instants: a 15-minute span (time zone offsets are whole quarter hours) whose
 * first and last instants fall on one day lies wholly in it, so its day is worked out once; a span
 * a day starts in (or an odd historical offset) is worked out per instant.
 */
function localDays(): (ms: number) => string {
  const spans = new Map<number, string | null>();
  return (ms) => {
    const span = Math.floor(ms / SPAN_MS);
    let day = spans.get(span);
    if (day === undefined) {
      const first = localDay(span * SPAN_MS);
      day = first === localDay(span * SPAN_MS + SPAN_MS - 1) ? first : null;
      spans.set(span, day);
    }
    return day ?? localDay(ms);
  };
}

/** Sums entries per local day, oldest first, keeping the days from `since` to `until` (inclusive). */
export function summarizeDaily(entries: Iterable<PricedTokens>, range: { since?: string; until?: string } = {}): UsageReport {
  const days = new Map<string, Accumulator>();
  const dayOf = localDays();
  for (const e of entries) {
    const day = dayOf(e.timestamp);
    if ((range.since && day < range.since) || (range.until && day > range.until)) continue;
    let acc = days.get(day);
    if (!acc) days.set(day, (acc = emptyAccumulator()));
    add(acc, e);
  }
  const all = emptyAccumulator();
  const daily: DailyUsage[] = [...days.keys()].sort().map((date) => {
    const acc = days.get(date)!;
    all.inputTokens += acc.inputTokens;
    all.outputTokens += acc.outputTokens;
    all.cacheCreationTokens += acc.cacheCreationTokens;
    all.cacheReadTokens += acc.cacheReadTokens;
    all.totalCost += acc.totalCost;
    for (const m of acc.unpriced) all.unpriced.add(m);
    return { date, period: date, ...totalsOf(acc), modelsUsed: [...acc.models].sort() };
  });
  return { daily, totals: totalsOf(all) };
}

/** The days of a report from `since` to `until` (inclusive), with totals over those days only. */
export function filterReport(report: UsageReport, range: { since?: string; until?: string }): UsageReport {
  if (!range.since && !range.until) return report;
  const daily = report.daily.filter((d) => !((range.since && d.date < range.since) || (range.until && d.date > range.until)));
  const totals: UsageTotals = { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, totalTokens: 0, totalCost: 0, unpricedModels: [] };
  const unpriced = new Set<string>();
  for (const d of daily) {
    totals.inputTokens += d.inputTokens;
    totals.outputTokens += d.outputTokens;
    totals.cacheCreationTokens += d.cacheCreationTokens;
    totals.cacheReadTokens += d.cacheReadTokens;
    totals.totalTokens += d.totalTokens;
    totals.totalCost += d.totalCost;
    for (const m of d.unpricedModels) unpriced.add(m);
  }
  totals.unpricedModels = [...unpriced].sort();
  return { daily, totals };
}
