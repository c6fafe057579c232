import { createHash } from 'node:crypto';
import { mkdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PRICES_AS_OF } from '../../../shared/usage/model-prices';
import { readJsonFile, writeJsonFile } from '../home/json-file';
import type { LogFile } from '../usage/log-paths';
import { importUsageRecords } from '../usage/usage-import';
import { makePricer, readPriceOverrides } from '../usage/usage-report';
import type { UsageRecord } from '../usage/usage-record';
import { agentsDir } from './index-store';

const tokens = z.number().int().nonnegative();
/** One agent session's usage as the usage import counts it (deduplicated responses, priced the same way). */
export const SessionUsageTotalsSchema = z.object({
  turns: tokens,
  inputTokens: tokens,
  outputTokens: tokens,
  cacheCreationTokens: tokens,
  cacheReadTokens: tokens,
  /** USD of the responses with a known price, and how many those were. */
  cost: z.number().nonnegative(),
  pricedTurns: tokens,
  unpricedModels: z.array(z.string()),
  models: z.array(z.string()),
  /** Files edited (as logged, absolute), in the order first edited. */
  files: z.array(z.string()),
  firstAt: z.number().nullable(),
  lastAt: z.number().nullable(),
});
export type SessionUsageTotals = z.infer<typeof SessionUsageTotalsSchema>;

const FILES_KEPT = 400;
const LIST_KEPT = 20;

export const sessionKey = (agent: string, sessionId: string): string => `${agent}\u0000${sessionId}`;

function add(t: SessionUsageTotals, r: UsageRecord, cost: number | null): void {
  t.turns++;
  t.inputTokens += r.inputTokens;
  t.outputTokens += r.outputTokens;
  t.cacheCreationTokens += r.cacheCreationTokens;
  t.cacheReadTokens += r.cacheReadTokens;
  const model = r.model ?? 'unknown model';
  if (cost === null) {
    if (!t.unpricedModels.includes(model) && t.unpricedModels.length < LIST_KEPT) t.unpricedModels.push(model);
  } else {
    t.cost += cost;
    t.pricedTurns++;
  }
  if (r.model && !t.models.includes(r.model) && t.models.length < LIST_KEPT) t.models.push(r.model);
  for (const f of r.files ?? []) if (t.files.length < FILES_KEPT && !t.files.includes(f)) t.files.push(f);
  if (t.firstAt === null || r.timestamp < t.firstAt) t.firstAt = r.timestamp;
  if (t.lastAt === null || r.timestamp > t.lastAt) t.lastAt = r.timestamp;
}

const empty = (): SessionUsageTotals => ({
  turns: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  cost: 0,
  pricedTurns: 0,
  unpricedModels: [],
  models: [],
  files: [],
  firstAt: null,
  lastAt: null,
});

const CacheSchema = z.object({ key: z.string(), sessions: z.array(z.tuple([z.string(), SessionUsageTotalsSchema])) });
const cachePath = (home: string): string => join(agentsDir(home), 'session-usage.json');

/** What the totals depend on: every log file's identity and size, and the prices. */
export function usageKey(files: readonly LogFile[], stats: ReadonlyMap<string, Stats>, overrides: unknown): string {
  const h = createHash('sha256');
  h.update(`v1\0${PRICES_AS_OF}\0${JSON.stringify(overrides)}\0`);
  for (const f of files) {
    const st = stats.get(f.path);
    h.update(`${f.path}\0${st?.size}\0${st?.mtimeMs}\0${st?.ino}\0${st?.dev}\n`);
  }
  return h.digest('hex');
}

export interface UsageByKey {
  key: string;
  sessions: Map<string, SessionUsageTotals>;
  notices: string[];
}

/**
 * Usage per agent session from the usage import (which reads only what changed since it last ran),
 * kept under SESSIONPILOT_HOME with the key of the files it came from, so an unchanged set of logs
 * costs no import at all, even in a new process.
 */
export async function sessionUsageTotals(input: {
  home: string;
  env: NodeJS.ProcessEnv;
  files: LogFile[];
  stats: Map<string, Stats>;
  /** The totals this process made last, used as they are when nothing changed. */
  known?: UsageByKey | null;
}): Promise<UsageByKey> {
  const { overrides, notice } = readPriceOverrides(input.home);
  const key = usageKey(input.files, input.stats, overrides);
  if (input.known?.key === key) return input.known;
  return importTotals(input, key, overrides, notice);
}

/** The key the totals of these files would have now (cheap: no log is opened). */
export function currentUsageKey(home: string, files: readonly LogFile[], stats: ReadonlyMap<string, Stats>): string {
  return usageKey(files, stats, readPriceOverrides(home).overrides);
}

async function importTotals(
  input: { home: string; env: NodeJS.ProcessEnv; files: LogFile[]; stats: Map<string, Stats> },
  key: string,
  overrides: ReturnType<typeof readPriceOverrides>['overrides'],
  notice: string | undefined,
): Promise<UsageByKey> {
  const cached = readJsonFile(cachePath(input.home), CacheSchema);
  if (cached.ok && cached.value && cached.value.key === key) return { key, sessions: new Map(cached.value.sessions), notices: notice ? [notice] : [] };
  const price = makePricer(overrides);
  const imported = await importUsageRecords({
    home: input.home,
    env: input.env,
    found: { files: input.files, notices: [], stats: input.stats },
    costOf: (r) => price(r) ?? 0,
  });
  const sessions = new Map<string, SessionUsageTotals>();
  for (const r of imported.records) {
    const k = sessionKey(r.agent, r.sessionId);
    let t = sessions.get(k);
    if (!t) sessions.set(k, (t = empty()));
    add(t, r, price(r));
  }
  try {
    mkdirSync(agentsDir(input.home), { recursive: true, mode: 0o700 });
    writeJsonFile(cachePath(input.home), { key, sessions: [...sessions] }, { compact: true, durable: false });
  } catch {
    /* a cache: the next call imports again */
  }
  return { key, sessions, notices: notice ? [notice, ...imported.notices] : imported.notices };
}
