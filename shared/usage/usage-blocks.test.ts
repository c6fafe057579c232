import { describe, expect, it } from 'vitest';
import type { PricedTokens } from './daily-usage';
import { activeBlock, burnRate, describeActiveBlock, floorToHour, identifyBlocks, projectBlock } from './usage-blocks';

const H = 3_600_000;
const M = 60_000;
const T0 = Date.UTC(2026, 2, 8, 10, 0); // a US daylight-saving change day: irrelevant, blocks are epoch-based

function entry(at: number, over: Partial<PricedTokens> = {}): PricedTokens {
  return { timestamp: at, model: 'claude-sonnet-4-5', inputTokens: 100, outputTokens: 50, cacheCreationTokens: 10, cacheReadTokens: 1000, cost: 0.01, ...over };
}

describe('identifyBlocks (ccusage blocks rules)', () => {
  it('returns nothing for no entries', () => {
    expect(identifyBlocks([], T0)).toEqual([]);
  });

  it('floors the start to the UTC hour and lasts 5 hours', () => {
    const [b] = identifyBlocks([entry(T0 + 55 * M + 30_000)], T0 + 10 * H);
    expect(b).toMatchObject({ id: new Date(T0).toISOString(), startTime: T0, endTime: T0 + 5 * H, firstEntryTime: T0 + 55 * M + 30_000, isGap: false, isActive: false, turns: 1, totalTokens: 1160 });
  });

  it('keeps an entry exactly 5 hours after the block start in that block, and starts a new one just after', () => {
    const blocks = identifyBlocks([entry(T0), entry(T0 + 5 * H)], T0 + 20 * H);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ turns: 2, actualEndTime: T0 + 5 * H });
    const split = identifyBlocks([entry(T0), entry(T0 + 3 * H), entry(T0 + 5 * H + 1)], T0 + 20 * H);
    expect(split.map((b) => [b.startTime, b.turns, b.isGap])).toEqual([
      [T0, 2, false],
      [T0 + 5 * H, 1, false],
    ]);
  });

  it('starts a new block after the end even when entries keep coming (no gap block)', () => {
    const at = [0, 1, 2, 3, 4, 4.7, 5.5, 6].map((h) => T0 + 15 * M + h * H);
    const blocks = identifyBlocks(at.map((t) => entry(t)), T0 + 30 * H);
    expect(blocks.map((b) => [new Date(b.startTime).toISOString(), b.turns, b.isGap])).toEqual([
      ['2026-03-08T10:00:00.000Z', 6, false],
      ['2026-03-08T15:00:00.000Z', 2, false],
    ]);
  });

  it('adds a gap block for more than 5 idle hours, from the last entry + 5 h to the next entry', () => {
    const blocks = identifyBlocks([entry(T0), entry(T0 + 2 * H), entry(T0 + 8 * H + 20 * M)], T0 + 30 * H);
    expect(blocks.map((b) => ({ start: b.startTime, end: b.endTime, gap: b.isGap, turns: b.turns }))).toEqual([
      { start: T0, end: T0 + 5 * H, gap: false, turns: 2 },
      { start: T0 + 7 * H, end: T0 + 8 * H + 20 * M, gap: true, turns: 0 },
      { start: T0 + 8 * H, end: T0 + 13 * H, gap: false, turns: 1 },
    ]);
    expect(blocks[1]).toMatchObject({ id: `gap-${new Date(T0 + 7 * H).toISOString()}`, totalTokens: 0, cost: 0, actualEndTime: null, firstEntryTime: null });
  });

  it('an idle stretch of exactly 5 hours is no gap: the entry still starts a new block (past the end), without a gap block', () => {
    const blocks = identifyBlocks([entry(T0 + 30 * M), entry(T0 + 5 * H + 30 * M)], T0 + 30 * H);
    expect(blocks.map((b) => [b.startTime, b.isGap])).toEqual([
      [T0, false],
      [T0 + 5 * H, false],
    ]);
  });

  it('sorts entries that arrive out of order', () => {
    const shuffled = [entry(T0 + 2 * H), entry(T0 + 9 * H), entry(T0), entry(T0 + H)];
    const blocks = identifyBlocks(shuffled, T0 + 30 * H);
    expect(blocks.map((b) => [b.startTime, b.turns, b.isGap])).toEqual([
      [T0, 3, false],
      [T0 + 7 * H, 0, true],
      [T0 + 9 * H, 1, false],
    ]);
    expect(blocks[0]).toMatchObject({ firstEntryTime: T0, actualEndTime: T0 + 2 * H });
  });

  it('sums tokens and priced cost, naming unpriced models instead of counting them as $0', () => {
    const [b] = identifyBlocks([entry(T0, { cost: 0.5 }), entry(T0 + M, { model: 'mystery-1', cost: null }), entry(T0 + 2 * M, { model: 'claude-opus-4-5', cost: 1.25 })], T0 + 20 * H);
    expect(b).toMatchObject({ turns: 3, inputTokens: 300, outputTokens: 150, cacheCreationTokens: 30, cacheReadTokens: 3000, totalTokens: 3480, cost: 1.75, unpricedModels: ['mystery-1'] });
    expect(b!.models).toEqual(['claude-sonnet-4-5', 'mystery-1', 'claude-opus-4-5']);
  });

  it('is the same in any time zone: the hour floor is UTC', () => {
    // 05:30 UTC is 11:00 in Kolkata (+05:30): still floored to 05:00 UTC.
    const at = Date.UTC(2026, 0, 1, 5, 30);
    expect(floorToHour(at)).toBe(Date.UTC(2026, 0, 1, 5, 0));
  });
});

describe('the active block', () => {
  it('is active while under 5 hours since its last entry and before its end', () => {
    const blocks = identifyBlocks([entry(T0 + 10 * M), entry(T0 + 70 * M)], T0 + 2 * H);
    expect(activeBlock(blocks)?.startTime).toBe(T0);
    expect(activeBlock(identifyBlocks([entry(T0 + 10 * M)], T0 + 5 * H))).toBeNull(); // at its end
    expect(activeBlock(identifyBlocks([entry(T0 + 10 * M)], T0 + 5 * H - 1))).not.toBeNull();
  });

  it('has a burn rate over its first to last entry and a projection to its end', () => {
    const now = T0 + 2 * H;
    const blocks = identifyBlocks([entry(T0 + 30 * M, { cost: 0.3 }), entry(T0 + 60 * M, { cost: 0.3 }), entry(T0 + 90 * M, { cost: 0.6 })], now);
    const active = describeActiveBlock(blocks, now)!;
    // 3 entries × 1160 tokens over 60 minutes; $1.20 over 60 minutes.
    expect(active.burnRate!.tokensPerMinute).toBeCloseTo(58);
    expect(active.burnRate!.inputOutputTokensPerMinute).toBeCloseTo(7.5);
    expect(active.burnRate!.costPerMinute).toBeCloseTo(0.02);
    expect(active.burnRate!.costPerHour).toBeCloseTo(1.2);
    // 3 hours (180 min) left: 3480 + 58 × 180 tokens; $1.20 + $0.02 × 180.
    expect(active.projection).toEqual({ totalTokens: 3480 + 58 * 180, cost: expect.closeTo(4.8, 6), remainingMinutes: 180 });
  });

  it('has no burn rate while all its entries share one instant, and no active block once idle', () => {
    const now = T0 + H;
    const single = describeActiveBlock(identifyBlocks([entry(T0 + 5 * M), entry(T0 + 5 * M)], now), now)!;
    expect(single.burnRate).toBeNull();
    expect(single.projection).toBeNull();
    expect(describeActiveBlock(identifyBlocks([entry(T0)], T0 + 6 * H), T0 + 6 * H)).toBeNull();
  });

  it('gives no burn rate for a gap and no projection for an ended block', () => {
    const blocks = identifyBlocks([entry(T0), entry(T0 + 30 * M), entry(T0 + 12 * H)], T0 + 30 * H);
    expect(burnRate(blocks[1]!)).toBeNull();
    expect(projectBlock(blocks[0]!, burnRate(blocks[0]!), T0 + 30 * H)).toBeNull();
  });
});
