import type { LimitEstimate, UsageBlock } from './analytics-schemas';

/** Fewer completed blocks than this say too little about where a limit lies. */
export const MIN_BLOCKS_FOR_ESTIMATE = 5;
/** Only the most recent blocks count: plans and habits change. */
export const MAX_BLOCKS_FOR_ESTIMATE = 100;

/** The p-th percentile (0–100) of numbers, interpolating between the two nearest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/**
 * An estimate of the user's 5-hour limit: the 90th percentile of the tokens (and cost) of their
 * recent completed blocks — gaps and the running block left out. With too few blocks it says so
 * instead of guessing.
 */
export function estimateBlockLimit(blocks: readonly UsageBlock[]): LimitEstimate {
  const completed = blocks.filter((b) => !b.isGap && !b.isActive).slice(-MAX_BLOCKS_FOR_ESTIMATE);
  if (completed.length < MIN_BLOCKS_FOR_ESTIMATE) return { kind: 'not_enough_history', basedOnBlocks: completed.length, needed: MIN_BLOCKS_FOR_ESTIMATE };
  return {
    kind: 'p90',
    tokens: Math.round(percentile(completed.map((b) => b.totalTokens), 90)),
    cost: percentile(completed.map((b) => b.cost), 90),
    basedOnBlocks: completed.length,
  };
}
