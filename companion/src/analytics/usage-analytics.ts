import type { MethodParams, MethodResult } from '../../../shared/protocol/methods';
import { describeActiveBlock, identifyBlocks } from '../../../shared/usage/usage-blocks';
import { estimateBlockLimit } from '../../../shared/usage/limit-estimate';
import { breakdownUsage, folderInRoots } from '../../../shared/usage/usage-breakdown';
import { summarizeDaily } from '../../../shared/usage/daily-usage';
import { attributeUsage, type UsageAggregate } from '../../../shared/usage/session-usage';
import { mergeAggregate } from '../../../shared/usage/usage-aggregate';
import type { AgentBlocks } from '../../../shared/usage/analytics-schemas';
import type { UsageEntry } from '../../../shared/usage/usage-schemas';

type AnalyticsParams = Required<Pick<MethodParams<'usage.analytics'>, 'sessions' | 'recentBlocks'>> & Pick<MethodParams<'usage.analytics'>, 'since' | 'until'>;
export type UsageAnalytics = MethodResult<'usage.analytics'>;

/** The first index whose entry is at or after `t` (entries sorted by time). */
function firstAtOrAfter(sorted: readonly UsageEntry[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function blocksOf(agent: AgentBlocks['agent'], entries: readonly UsageEntry[], now: number, recent: number): AgentBlocks {
  const blocks = identifyBlocks(entries, now);
  return { agent, active: describeActiveBlock(blocks, now), recent: blocks.slice(-recent), estimate: estimateBlockLimit(blocks) };
}

/**
 * Everything the Analytics view shows about agent usage, from one list of entries (the ones the
 * CLI's `usage` sums). `rootVariants` are the allowed roots as written and as resolved; `confine`
 * resolves a session's workspace to a real path inside them, or null.
 */
export function buildUsageAnalytics(
  entries: readonly UsageEntry[],
  params: AnalyticsParams,
  context: { rootVariants: readonly string[]; confine: (path: string) => string | null; now: number; notices: string[] },
): UsageAnalytics {
  const range = { since: params.since, until: params.until };
  const report = summarizeDaily(entries, range);
  const breakdown = breakdownUsage(entries, { ...range, folderOf: (cwd) => folderInRoots(cwd, context.rootVariants) });
  const sorted = [...entries].sort((a, b) => a.timestamp - b.timestamp);
  const blocks: AgentBlocks[] = [];
  for (const agent of ['claude', 'codex'] as const) {
    const mine = sorted.filter((e) => e.agent === agent);
    if (mine.length) blocks.push(blocksOf(agent, mine, context.now, params.recentBlocks));
  }
  const byTask: Record<string, UsageAggregate> = {};
  let sessionsOutsideRoots = 0;
  for (const s of params.sessions) {
    const root = context.confine(s.path);
    if (!root) {
      sessionsOutsideRoots++;
      continue;
    }
    // Only the entries inside the window are looked at: a few hundred sessions stay cheap on years of logs.
    const window = sorted.slice(firstAtOrAfter(sorted, s.from), firstAtOrAfter(sorted, s.to + 1));
    const usage = attributeUsage(window, { root, from: s.from, to: s.to, tasks: s.tasks });
    for (const [taskId, aggregate] of Object.entries(usage.byTask)) {
      const into = (byTask[taskId] ??= { turns: 0, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, totalTokens: 0, cost: 0, unpricedModels: [] });
      mergeAggregate(into, aggregate);
    }
  }
  return { daily: report.daily, totals: report.totals, ...breakdown, blocks, byTask, sessionsOutsideRoots, at: context.now, notices: context.notices };
}
