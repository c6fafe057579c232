import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { filterReport, summarizeDaily, type PricedTokens } from '../../../shared/usage/daily-usage';
import { findModelPrice, PRICES_AS_OF, PriceOverridesSchema, type ModelPrice, type PriceOverrides } from '../../../shared/usage/model-prices';
import { costOfTokens } from '../../../shared/usage/usage-cost';
import { UsageReportSchema, type UsageEntry, type UsageReport } from '../../../shared/usage/usage-schemas';
import { readJsonFile, writeJsonFile } from '../home/json-file';
import { usageDir } from './import-store';
import { findLogFiles } from './log-paths';
import { importUsage, importUsageRecords, type ImportOptions, type ImportStats } from './usage-import';
import type { UsageRecord } from './usage-record';

export interface UsageReportOptions extends ImportOptions {
  since?: string;
  until?: string;
}

export interface UsageReportResult {
  report: UsageReport;
  stats: ImportStats | null;
  notices: string[];
  /** True when nothing changed since the last import and the cached days were used as they were. */
  fromCache: boolean;
}

/** The user's prices (`usage/prices.json`), replacing bundled ones by model name or family. */
export function readPriceOverrides(home: string): { overrides: PriceOverrides; notice?: string } {
  const path = join(usageDir(home), 'prices.json');
  const read = readJsonFile(path, PriceOverridesSchema);
  if (!read.ok) return { overrides: {}, notice: `${read.message} Using the bundled prices (as of ${PRICES_AS_OF}).` };
  return { overrides: read.value ?? {} };
}

/** Cost of a record: the log's own costUSD, else tokens × the model's price; null when the price is unknown. */
export function makePricer(overrides: PriceOverrides): (r: UsageRecord) => number | null {
  const prices = new Map<string, ModelPrice | null>();
  return (r) => {
    if (r.costUSD !== null) return r.costUSD;
    if (r.model === null) return null;
    let price = prices.get(r.model);
    if (price === undefined) prices.set(r.model, (price = findModelPrice(r.model, overrides)));
    return price ? costOfTokens(r, price) : null;
  };
}

/** Just what summing needs, one small object at a time (a copy of every whole record costs more). */
function* pricedTokens(records: Iterable<UsageRecord>, price: (r: UsageRecord) => number | null): Iterable<PricedTokens> {
  for (const r of records) {
    yield {
      timestamp: r.timestamp,
      model: r.model,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      cacheCreationTokens: r.cacheCreationTokens,
      cacheReadTokens: r.cacheReadTokens,
      cost: price(r),
    };
  }
}

const CacheSchema = z.object({ key: z.string(), report: UsageReportSchema, stats: z.record(z.string(), z.number()) });

/** What the whole report depends on: every log file's identity and size, the time zone, the prices. */
function cacheKey(paths: string[], overrides: PriceOverrides, stats: Map<string, Stats>): string | null {
  const h = createHash('sha256');
  h.update(`v1\0${process.env.TZ ?? ''}\0${Intl.DateTimeFormat().resolvedOptions().timeZone}\0${PRICES_AS_OF}\0${JSON.stringify(overrides)}\0`);
  for (const p of paths) {
    try {
      const st = statSync(p);
      stats.set(p, st);
      h.update(`${p}\0${st.size}\0${st.mtimeMs}\0${st.ino}\0${st.dev}\n`);
    } catch {
      return null;
    }
  }
  return h.digest('hex');
}

/**
 * Daily usage like `ccusage daily --json`. When no log file changed since the last run (same paths,
 * sizes, mtimes, inodes), the cached days are used and no log is opened: a re-import costs a
 * directory walk and one stat per file.
 */
export async function buildUsageReport(options: UsageReportOptions): Promise<UsageReportResult> {
  const env = options.env ?? process.env;
  const found = findLogFiles(env);
  const notices = [...found.notices];
  const { overrides, notice } = readPriceOverrides(options.home);
  if (notice) notices.push(notice);
  // The import uses the same stats: one stat per file per run.
  const stats = new Map<string, Stats>();
  const key = cacheKey(
    found.files.map((f) => f.path),
    overrides,
    stats,
  );
  const cachePath = join(usageDir(options.home), 'daily-cache.json');
  const cached = key ? readJsonFile(cachePath, CacheSchema) : null;
  if (cached?.ok && cached.value && cached.value.key === key) {
    return { report: filterReport(cached.value.report, options), stats: null, notices, fromCache: true };
  }
  const price = makePricer(overrides);
  const imported = await importUsageRecords({ ...options, env, found: { files: found.files, notices: [], stats }, costOf: (r) => price(r) ?? 0 });
  notices.push(...imported.notices);
  const report = summarizeDaily(pricedTokens(imported.records, price));
  if (key && found.files.length > 0) writeJsonFile(cachePath, { key, report, stats: imported.stats }, { compact: true, durable: false });
  return { report: filterReport(report, options), stats: imported.stats, notices, fromCache: false };
}

/** Every imported entry, priced, for attributing usage to sessions (cwd inside the workspace, time inside the window). */
export async function loadUsageEntries(options: ImportOptions): Promise<{ entries: UsageEntry[]; notices: string[] }> {
  const { overrides, notice } = readPriceOverrides(options.home);
  const price = makePricer(overrides);
  const imported = await importUsage({ ...options, costOf: (r) => price(r) ?? 0 });
  const entries = imported.records.map(
    (r): UsageEntry => ({
      agent: r.agent,
      timestamp: r.timestamp,
      sessionId: r.sessionId,
      cwd: r.cwd,
      model: r.model,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      cacheCreationTokens: r.cacheCreationTokens,
      cacheReadTokens: r.cacheReadTokens,
      cost: price(r),
      files: r.files ?? [],
      isSidechain: r.isSidechain,
    }),
  );
  return { entries, notices: notice ? [notice, ...imported.notices] : imported.notices };
}
