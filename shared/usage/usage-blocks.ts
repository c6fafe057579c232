import type { PricedTokens } from './daily-usage';
import type { ActiveBlock, BlockProjection, BurnRate, UsageBlock } from './analytics-schemas';
import { addToAggregate, emptyAggregate } from './usage-aggregate';

export const BLOCK_HOURS = 5;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The start of the UTC hour holding `ms` (epoch-based, so daylight-saving changes cannot move it). */
export function floorToHour(ms: number): number {
  return Math.floor(ms / HOUR) * HOUR;
}

function makeBlock(start: number, entries: readonly PricedTokens[], now: number, duration: number): UsageBlock {
  const aggregate = emptyAggregate();
  const models = new Set<string>();
  for (const e of entries) {
    addToAggregate(aggregate, e);
    if (e.model) models.add(e.model);
  }
  const endTime = start + duration;
  const actualEndTime = entries.at(-1)!.timestamp;
  return {
    id: new Date(start).toISOString(),
    startTime: start,
    endTime,
    firstEntryTime: entries[0]!.timestamp,
    actualEndTime,
    isActive: now - actualEndTime < duration && now < endTime,
    isGap: false,
    ...aggregate,
    models: [...models],
  };
}

function gapBlock(lastActivity: number, nextActivity: number, duration: number): UsageBlock {
  const start = lastActivity + duration;
  return { id: `gap-${new Date(start).toISOString()}`, startTime: start, endTime: nextActivity, firstEntryTime: null, actualEndTime: null, isActive: false, isGap: true, ...emptyAggregate(), models: [] };
}

/**
 * Groups usage into billing blocks the way `ccusage blocks` does: entries in time order; a block
 * starts at its first entry's time floored to the UTC hour and lasts 5 hours; an entry more than
 * 5 hours after the block's start, or more than 5 hours after the previous entry, starts a new
 * block; an idle stretch over 5 hours also gets a gap block (from the last entry + 5 h to the next
 * entry). A block is active while less than 5 hours passed since its last entry and it has not ended.
 */
export function identifyBlocks(entries: Iterable<PricedTokens>, now: number, hours = BLOCK_HOURS): UsageBlock[] {
  const duration = hours * HOUR;
  const sorted = [...entries].sort((a, b) => a.timestamp - b.timestamp);
  const blocks: UsageBlock[] = [];
  let start: number | undefined;
  let current: PricedTokens[] = [];
  for (const e of sorted) {
    if (start === undefined) {
      start = floorToHour(e.timestamp);
      current = [e];
      continue;
    }
    const last = current.at(-1)!.timestamp;
    const sinceLast = e.timestamp - last;
    if (e.timestamp - start > duration || sinceLast > duration) {
      blocks.push(makeBlock(start, current, now, duration));
      if (sinceLast > duration) blocks.push(gapBlock(last, e.timestamp, duration));
      start = floorToHour(e.timestamp);
      current = [e];
    } else current.push(e);
  }
  if (start !== undefined) blocks.push(makeBlock(start, current, now, duration));
  return blocks;
}

/** The block still running at `now`, if any (at most one: blocks never overlap). */
export function activeBlock(blocks: readonly UsageBlock[]): UsageBlock | null {
  return blocks.find((b) => b.isActive) ?? null;
}

/**
 * Tokens and dollars per minute between the block's first and last entry (ccusage's rule); null
 * for a gap, or when all its entries share one instant (no span to divide by).
 */
export function burnRate(block: UsageBlock): BurnRate | null {
  if (block.isGap || block.actualEndTime === null || block.firstEntryTime === null) return null;
  const minutes = (block.actualEndTime - block.firstEntryTime) / MINUTE;
  if (minutes <= 0) return null;
  const costPerMinute = block.cost / minutes;
  return {
    tokensPerMinute: block.totalTokens / minutes,
    inputOutputTokensPerMinute: (block.inputTokens + block.outputTokens) / minutes,
    costPerMinute,
    costPerHour: costPerMinute * 60,
  };
}

/** The active block's tokens and cost at its end if the burn rate holds. */
export function projectBlock(block: UsageBlock, rate: BurnRate | null, now: number): BlockProjection | null {
  if (!block.isActive || !rate) return null;
  const remainingMinutes = Math.max(0, (block.endTime - now) / MINUTE);
  return {
    totalTokens: Math.round(block.totalTokens + rate.tokensPerMinute * remainingMinutes),
    cost: block.cost + rate.costPerMinute * remainingMinutes,
    remainingMinutes: Math.round(remainingMinutes),
  };
}

/** The active block with its burn rate and projection, or null when no block is running. */
export function describeActiveBlock(blocks: readonly UsageBlock[], now: number): ActiveBlock | null {
  const block = activeBlock(blocks);
  if (!block) return null;
  const rate = burnRate(block);
  return { ...block, burnRate: rate, projection: projectBlock(block, rate, now) };
}
