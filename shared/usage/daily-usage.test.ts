import { afterEach, describe, expect, it } from 'vitest';
import { filterReport, localDay, parseDay, summarizeDaily, type PricedTokens } from './daily-usage';
import { UsageReportSchema } from './usage-schemas';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const entry = (iso: string, e: Partial<PricedTokens> = {}): PricedTokens => ({
  timestamp: Date.parse(iso),
  model: 'claude-sonnet-4-20250514',
  inputTokens: 10,
  outputTokens: 20,
  cacheCreationTokens: 30,
  cacheReadTokens: 40,
  cost: 0.5,
  ...e,
});

describe('local days', () => {
  it('sums every instant into the day localDay gives it, across midnight DST changes and quarter-hour zones', () => {
    for (const tz of ['America/Santiago', 'America/Havana', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Europe/London']) {
      process.env.TZ = tz;
      const entries: PricedTokens[] = [];
      // Every 7 minutes and 13 seconds through 2024 and 2025: instants on both sides of every change.
      for (let t = Date.parse('2024-01-01T00:00:00Z'); t < Date.parse('2026-01-01T00:00:00Z'); t += 433_000) entries.push(entry('2024-01-01T00:00:00Z', { timestamp: t, inputTokens: 1, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 }));
      const expected = new Map<string, number>();
      for (const e of entries) expected.set(localDay(e.timestamp), (expected.get(localDay(e.timestamp)) ?? 0) + 1);
      const report = summarizeDaily(entries);
      expect(new Map(report.daily.map((d) => [d.date, d.inputTokens]))).toEqual(expected);
    }
  });

  it('puts an instant on the calendar day of the TZ in force', () => {
    const t = Date.parse('2025-06-01T02:30:00Z');
    process.env.TZ = 'UTC';
    expect(localDay(t)).toBe('2025-06-01');
    process.env.TZ = 'America/New_York';
    expect(localDay(t)).toBe('2025-05-31');
    process.env.TZ = 'Asia/Kolkata';
    expect(localDay(Date.parse('2025-06-01T18:45:00Z'))).toBe('2025-06-02');
  });

  it('accepts only real calendar dates as YYYY-MM-DD', () => {
    expect(parseDay('2025-02-28', '--since')).toEqual({ ok: true, value: '2025-02-28' });
    for (const bad of ['2025-02-30', '2025-13-01', '20250101', '2025-1-1', 'yesterday']) {
      const r = parseDay(bad, '--since');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toContain(`"${bad}"`);
    }
  });
});

describe('summarizeDaily', () => {
  it('sums tokens per day, oldest first, and keeps unknown prices out of the cost but named', () => {
    process.env.TZ = 'UTC';
    const report = summarizeDaily([
      entry('2025-06-02T10:00:00Z'),
      entry('2025-06-01T23:59:59Z'),
      entry('2025-06-02T11:00:00Z', { model: 'claude-experimental-x', cost: null }),
    ]);
    expect(UsageReportSchema.parse(report)).toEqual(report);
    expect(report.daily.map((d) => d.date)).toEqual(['2025-06-01', '2025-06-02']);
    const june2 = report.daily[1]!;
    expect(june2.inputTokens).toBe(20);
    expect(june2.totalTokens).toBe(200);
    expect(june2.totalCost).toBe(0.5);
    expect(june2.unpricedModels).toEqual(['claude-experimental-x']);
    expect(june2.modelsUsed).toEqual(['claude-experimental-x', 'claude-sonnet-4-20250514']);
    expect(report.totals.totalTokens).toBe(300);
    expect(report.totals.totalCost).toBe(1);
  });

  it('keeps the days from since to until, inclusive, with totals over those days', () => {
    process.env.TZ = 'UTC';
    const report = summarizeDaily(['2025-06-01', '2025-06-02', '2025-06-03', '2025-06-04'].map((d) => entry(`${d}T12:00:00Z`)));
    const cut = filterReport(report, { since: '2025-06-02', until: '2025-06-03' });
    expect(cut.daily.map((d) => d.date)).toEqual(['2025-06-02', '2025-06-03']);
    expect(cut.totals.totalTokens).toBe(200);
    expect(summarizeDaily([]).totals).toMatchObject({ totalTokens: 0, totalCost: 0, unpricedModels: [] });
    expect(summarizeDaily(['2025-06-01', '2025-06-04'].map((d) => entry(`${d}T12:00:00Z`)), { since: '2025-06-02' }).daily.map((d) => d.date)).toEqual(['2025-06-04']);
  });
});
