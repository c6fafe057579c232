import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { AgentBlocks, UsageBlock } from '../../../../shared/usage/analytics-schemas';
import { emptyAggregate } from '../../../../shared/usage/usage-aggregate';
import { LiveUsageCard } from './live-usage-card';

const now = Date.now();
const H = 3_600_000;
const block = (start: number, over: Partial<UsageBlock> = {}): UsageBlock => ({
  ...emptyAggregate(),
  id: new Date(start).toISOString(),
  startTime: start,
  endTime: start + 5 * H,
  firstEntryTime: start,
  actualEndTime: start + H,
  isActive: false,
  isGap: false,
  models: [],
  turns: 3,
  totalTokens: 120_000,
  cost: 1.5,
  ...over,
});

describe('LiveUsageCard', () => {
  it('shows the running block with its burn rate, projection and a P90 estimate labelled as an estimate', () => {
    const start = Math.floor(now / H) * H;
    const blocks: AgentBlocks = {
      agent: 'claude',
      active: { ...block(start, { isActive: true, totalTokens: 50_000, cost: 0.75 }), burnRate: { tokensPerMinute: 1250, inputOutputTokensPerMinute: 40, costPerMinute: 0.0188, costPerHour: 1.125 }, projection: { totalTokens: 300_000, cost: 4.5, remainingMinutes: 200 } },
      recent: [],
      estimate: { kind: 'p90', tokens: 200_000, cost: 3, basedOnBlocks: 12 },
    };
    const { container } = render(<LiveUsageCard blocks={[blocks]} live={true} />);
    expect(container.querySelector('[data-field="tokens"]')!.textContent).toBe('50k');
    expect(container.querySelector('[data-field="burn"]')!.textContent).toBe('1.3k tokens/min · $0.019/min');
    expect(container.querySelector('[data-field="projected"]')!.textContent).toBe('300k tokens · $4.50');
    expect(container.querySelector('.an-estimate')!.textContent).toContain('estimate Limit estimate (P90 of your last 12 completed blocks): 200k tokens · $3.00 — this block is at 25 % of it');
    expect(container.textContent).toContain('updates while your session runs');
  });

  it('says there is not enough history for an estimate, and when no block runs', () => {
    const blocks: AgentBlocks = { agent: 'codex', active: null, recent: [block(now - 30 * H)], estimate: { kind: 'not_enough_history', basedOnBlocks: 2, needed: 5 } };
    const { container } = render(<LiveUsageCard blocks={[blocks]} live={false} />);
    expect(container.textContent).toContain('Codex');
    expect(container.textContent).toContain('No 5-hour block is running; the last one ran');
    expect(container.textContent).toContain('Limit estimate: not enough history yet (2 of 5 completed 5-hour blocks needed).');
  });
});
