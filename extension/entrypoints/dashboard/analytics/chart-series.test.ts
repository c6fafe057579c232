import { describe, expect, it } from 'vitest';
import { emptyAggregate } from '../../../../shared/usage/usage-aggregate';
import { dailyModelSeries, OTHER_MODELS, stackSeries, usageByWorkspace } from './chart-series';

const row = (date: string, model: string, cost: number, totalTokens = cost * 1000) => ({ ...emptyAggregate(), date, model, cost, totalTokens, turns: 1 });
const folder = (path: string | null, cost: number) => ({ ...emptyAggregate(), path, cost, turns: 1, totalTokens: cost * 100 });

describe('chart series', () => {
  it('makes one series per model over every day, biggest first, zero on days without it', () => {
    const s = dailyModelSeries([row('2026-03-01', 'a', 1), row('2026-03-03', 'a', 2), row('2026-03-03', 'b', 5)], ['2026-03-01', '2026-03-02', '2026-03-03'], 'cost');
    expect(s).toEqual([
      { label: 'b', values: [0, 0, 5] },
      { label: 'a', values: [1, 0, 2] },
    ]);
  });

  it('sums the smallest models as "other models" past the limit, keeping day totals', () => {
    const rows = ['m1', 'm2', 'm3', 'm4'].map((m, i) => row('2026-03-01', m, 10 - i));
    const s = dailyModelSeries(rows, ['2026-03-01'], 'totalTokens', 3);
    expect(s.map((x) => x.label)).toEqual(['m1', 'm2', OTHER_MODELS]);
    expect(s.reduce((n, x) => n + x.values[0]!, 0)).toBe(34_000);
  });

  it('stacks series as running sums', () => {
    expect(stackSeries([{ label: 'a', values: [1, 2] }, { label: 'b', values: [3, 0] }])).toEqual([
      [1, 2],
      [4, 2],
    ]);
  });

  it('merges folders into the deepest workspace holding them and keeps the pooled row last', () => {
    const rows = usageByWorkspace(
      [folder('/code/shop', 1), folder('/code/shop/packages/ui', 2), folder('/code/blog', 5), folder('/code/tools/x', 0.5), folder(null, 9)],
      [
        { id: 'w1', name: 'shop', path: '/code/shop' },
        { id: 'w2', name: 'blog', path: '/code/blog/' },
        { id: 'w3', name: 'ui', path: '/code/shop/packages/ui' },
      ],
    );
    expect(rows.map((r) => [r.label, r.workspaceId, r.cost])).toEqual([
      ['blog', 'w2', 5],
      ['ui', 'w3', 2],
      ['shop', 'w1', 1],
      ['/code/tools/x', null, 0.5],
      [null, null, 9],
    ]);
  });
});
