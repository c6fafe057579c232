import { describe, expect, it } from 'vitest';
import { BUNDLED_PRICES, findModelPrice, modelFamily } from './model-prices';
import { costOfTokens, type TokenCounts } from './usage-cost';

const tokens = (t: Partial<TokenCounts>): TokenCounts => ({ inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, ...t });

describe('model prices', () => {
  it('finds a dated model by its family and strips provider prefixes', () => {
    expect(modelFamily('claude-sonnet-4-20250514')).toBe('claude-sonnet-4');
    expect(modelFamily('anthropic/claude-opus-4-1-20250805')).toBe('claude-opus-4-1');
    expect(findModelPrice('claude-haiku-4-5-20251001')).toEqual(BUNDLED_PRICES['claude-haiku-4-5']);
    expect(findModelPrice('gpt-5-codex')?.input).toBe(1.25);
  });

  it('has no price for a model it does not know (so it is never shown as $0)', () => {
    expect(findModelPrice('claude-experimental-x')).toBeNull();
  });

  it('lets a user override a model by exact name or by family', () => {
    const mine = { input: 1, output: 2, cacheWrite: 3, cacheRead: 4 };
    expect(findModelPrice('claude-sonnet-4-20250514', { 'claude-sonnet-4': mine })).toEqual(mine);
    expect(findModelPrice('claude-experimental-x', { 'claude-experimental-x': mine })).toEqual(mine);
  });
});

describe('cost of tokens', () => {
  it('prices each bucket per million tokens, with 1-hour cache writes at twice the input price', () => {
    const opus = findModelPrice('claude-opus-4-1-20250805')!;
    const cost = costOfTokens(tokens({ inputTokens: 1000, outputTokens: 2000, cacheCreationTokens: 3000, cacheWrite1hTokens: 1000, cacheReadTokens: 10_000 }), opus);
    // 1000×15 + 2000×75 + 2000×18.75 + 1000×30 + 10000×1.5, per million
    expect(cost).toBeCloseTo((15_000 + 150_000 + 37_500 + 30_000 + 15_000) / 1e6, 12);
  });

  it('charges long-context rates past 200k tokens in a bucket for Sonnet 4, not for Opus 4.1', () => {
    const sonnet = findModelPrice('claude-sonnet-4-20250514')!;
    expect(costOfTokens(tokens({ inputTokens: 300_000 }), sonnet)).toBeCloseTo((200_000 * 3 + 100_000 * 6) / 1e6, 12);
    expect(costOfTokens(tokens({ outputTokens: 300_000 }), sonnet)).toBeCloseTo((200_000 * 15 + 100_000 * 22.5) / 1e6, 12);
    const opus = findModelPrice('claude-opus-4-1-20250805')!;
    expect(costOfTokens(tokens({ inputTokens: 300_000 }), opus)).toBeCloseTo(4.5, 12);
  });
});
