import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeDaily } from './daily-usage';
import { breakdownUsage, folderInRoots, type FolderEntry } from './usage-breakdown';

const saved = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
});

function e(iso: string, model: string | null, cwd: string | null, input: number, cost: number | null): FolderEntry {
  return { timestamp: Date.parse(iso), model, cwd, inputTokens: input, outputTokens: 10, cacheCreationTokens: 0, cacheReadTokens: 100, cost };
}

const ROOTS = ['/home/dev/code', '/mnt/work/'];
const entries = [
  e('2026-03-01T15:00:00Z', 'claude-sonnet-4-5', '/home/dev/code/shop', 100, 1),
  e('2026-03-01T16:00:00Z', 'claude-opus-4-5', '/home/dev/code/shop/packages/ui', 200, 3),
  // 03:00 UTC on 2 March is still 1 March in New York.
  e('2026-03-02T03:00:00Z', 'claude-sonnet-4-5', '/home/dev/secret', 50, 0.5),
  e('2026-03-02T15:00:00Z', null, '/mnt/work/blog', 10, null),
  e('2026-03-03T15:00:00Z', 'gpt-5-codex', null, 40, 0.25),
];

describe('folderInRoots', () => {
  it('names a cwd inside a root and nothing else', () => {
    expect(folderInRoots('/home/dev/code', ROOTS)).toBe('/home/dev/code');
    expect(folderInRoots('/home/dev/code/shop/', ROOTS)).toBe('/home/dev/code/shop');
    expect(folderInRoots('/mnt/work/blog', ROOTS)).toBe('/mnt/work/blog');
    expect(folderInRoots('/home/dev/code-old/shop', ROOTS)).toBeNull(); // a sibling sharing the prefix
    expect(folderInRoots('/home/dev/code/../secret', ROOTS)).toBeNull();
    expect(folderInRoots('relative/path', ROOTS)).toBeNull();
    expect(folderInRoots(null, ROOTS)).toBeNull();
    expect(folderInRoots('/home/dev/code/shop', [])).toBeNull();
  });
});

describe('breakdownUsage', () => {
  const folderOf = (cwd: string | null) => folderInRoots(cwd, ROOTS);

  it('splits by local day × model with the same day totals as the daily report', () => {
    const b = breakdownUsage(entries, { folderOf });
    expect(b.dailyByModel.map((r) => [r.date, r.model, r.inputTokens, r.turns])).toEqual([
      ['2026-03-01', 'claude-opus-4-5', 200, 1],
      ['2026-03-01', 'claude-sonnet-4-5', 150, 2],
      ['2026-03-02', 'unknown model', 10, 1],
      ['2026-03-03', 'gpt-5-codex', 40, 1],
    ]);
    const daily = summarizeDaily(entries).daily;
    for (const d of daily) {
      const rows = b.dailyByModel.filter((r) => r.date === d.date);
      expect(rows.reduce((s, r) => s + r.totalTokens, 0)).toBe(d.totalTokens);
      expect(rows.reduce((s, r) => s + r.cost, 0)).toBeCloseTo(d.totalCost, 10);
    }
    expect(b.dailyByModel[2]!.unpricedModels).toEqual(['unknown model']);
  });

  it('ranks models by cost', () => {
    expect(breakdownUsage(entries, { folderOf }).byModel.map((r) => [r.model, r.cost])).toEqual([
      ['claude-opus-4-5', 3],
      ['claude-sonnet-4-5', 1.5],
      ['gpt-5-codex', 0.25],
      ['unknown model', 0],
    ]);
  });

  it('names only allowed folders and pools every other cwd in one row without a path, last', () => {
    const rows = breakdownUsage(entries, { folderOf }).byFolder;
    expect(rows.map((r) => [r.path, r.turns, r.cost])).toEqual([
      ['/home/dev/code/shop/packages/ui', 1, 3],
      ['/home/dev/code/shop', 1, 1],
      ['/mnt/work/blog', 1, 0],
      [null, 2, 0.75],
    ]);
    expect(JSON.stringify(rows)).not.toContain('secret');
  });

  it('keeps the days from since to until, inclusive, like the CLI', () => {
    const b = breakdownUsage(entries, { since: '2026-03-02', until: '2026-03-02', folderOf });
    expect(b.dailyByModel.map((r) => r.date)).toEqual(['2026-03-02']);
    expect(b.byModel.map((r) => r.model)).toEqual(['unknown model']);
    expect(b.byFolder.map((r) => r.path)).toEqual(['/mnt/work/blog']);
  });
});
