import { describe, expect, it } from 'vitest';
import type { UsageBlock } from './analytics-schemas';
import { estimateBlockLimit, MIN_BLOCKS_FOR_ESTIMATE, percentile } from './limit-estimate';

function block(totalTokens: number, over: Partial<UsageBlock> = {}): UsageBlock {
  return {
    id: `b${totalTokens}`,
    startTime: 0,
    endTime: 0,
    firstEntryTime: 0,
    actualEndTime: 0,
    isActive: false,
    isGap: false,
    turns: 1,
    inputTokens: totalTokens,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    totalTokens,
    cost: totalTokens / 1000,
    unpricedModels: [],
    models: [],
    ...over,
  };
}

describe('percentile', () => {
  it('interpolates between the nearest ranks', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBeCloseTo(9.1);
    expect(percentile([10, 1, 5], 50)).toBe(5);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 90)).toBe(0);
  });
});

describe('estimateBlockLimit', () => {
  it('says there is not enough history with fewer than five completed blocks', () => {
    const blocks = [block(100), block(200), block(300), block(400), block(0, { isGap: true }), block(900, { isActive: true })];
    expect(estimateBlockLimit(blocks)).toEqual({ kind: 'not_enough_history', basedOnBlocks: 4, needed: MIN_BLOCKS_FOR_ESTIMATE });
    expect(estimateBlockLimit([])).toEqual({ kind: 'not_enough_history', basedOnBlocks: 0, needed: 5 });
  });

  it('is the P90 of completed blocks’ tokens and cost, leaving out gaps and the running block', () => {
    const blocks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => block(k * 1000));
    blocks.splice(3, 0, block(0, { isGap: true }));
    blocks.push(block(1_000_000, { isActive: true }));
    expect(estimateBlockLimit(blocks)).toEqual({ kind: 'p90', tokens: 9100, cost: expect.closeTo(9.1, 6), basedOnBlocks: 10 });
  });

  it('uses the most recent 100 completed blocks only', () => {
    const old = Array.from({ length: 50 }, () => block(1_000_000));
    const recent = Array.from({ length: 100 }, (_, i) => block(i + 1));
    const e = estimateBlockLimit([...old, ...recent]);
    expect(e).toMatchObject({ kind: 'p90', basedOnBlocks: 100 });
    expect(e.kind === 'p90' && e.tokens).toBe(90);
  });
});
