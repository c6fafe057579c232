import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FocusWeights } from '../domain/focus';
import type { Signal } from '../domain/signal';
import type { TaskCategory } from '../domain/task';
import { testNameForTitle } from './candidates';
import { PlanSchema } from './plan-shape';
import { focusWeight, planOffline, type PlanInput } from './offline-planner';
import { goalArb, historyArb, signalsArb, weightArb } from './signal-arbitraries';

const marker = (file: string, line: number, tag: string, text = `${tag}: do it`): Signal => ({ id: `marker:${file}:${line}`, kind: 'marker', file, line, tag, text });
const test = (name: string, file = 'src/cart.test.ts', extra: Partial<Signal> = {}): Signal =>
  ({ id: `test:${file}:${name}`, kind: 'failing_test', name, file, message: 'expected 0 to be 1', ...extra }) as Signal;
const focus = { bugs: 1, features: 1, refactor: 1 };
const plan = (input: Partial<PlanInput> & Pick<PlanInput, 'signals'>) => planOffline({ goal: '', budgetMinutes: 60, focus, ...input });

describe('offline planner: ranking', () => {
  it('plans FIXMEs as bugs before TODOs and cites the markers', () => {
    const p = plan({ signals: [marker('src/a.ts', 3, 'TODO'), marker('src/b.ts', 9, 'FIXME', '// FIXME: crash on empty cart')] });
    expect(p.planner).toBe('offline');
    expect(p.tasks[0]).toMatchObject({ category: 'bug', sources: ['marker:src/b.ts:9'] });
    expect(p.tasks[0]!.title).toBe('FIXME in src/b.ts:9: crash on empty cart');
    expect(p.tasks[0]!.acceptance).toContain('src/b.ts:9');
    expect(p.tasks[1]).toMatchObject({ category: 'feature', sources: ['marker:src/a.ts:3'] });
  });

  it('ranks by severity: failing test > FIXME > review requested > TODO', () => {
    const p = plan({
      budgetMinutes: 240,
      signals: [
        marker('src/a.ts', 3, 'TODO'),
        { id: 'gh-pr:acme/app#7', kind: 'github_pr', number: 7, title: 'Add retries', url: 'https://github.com/acme/app/pull/7', labels: [], reviewRequested: true },
        marker('src/b.ts', 9, 'FIXME'),
        test('cart > sums'),
      ],
    });
    expect(p.tasks.map((t) => t.sources[0])).toEqual(['test:src/cart.test.ts:cart > sums', 'marker:src/b.ts:9', 'gh-pr:acme/app#7', 'marker:src/a.ts:3']);
    expect(p.tasks[0]!.title).toBe('Fix failing test cart > sums');
    expect(p.tasks[2]!.title).toBe('Review PR #7: Add retries');
  });

  it('puts what the goal is about first: related markers fold into the goal task, which cites them', () => {
    const p = plan({
      goal: 'Export the cart as CSV',
      signals: [marker('src/export/csv.ts', 4, 'TODO', '// TODO: quote fields in the csv export'), marker('src/other.ts', 1, 'FIXME', '// FIXME: unrelated crash')],
    });
    expect(p.tasks[0]).toMatchObject({ title: 'Export the cart as CSV', category: 'feature', sources: ['goal', 'marker:src/export/csv.ts:4'] });
    expect(p.tasks[1]!.sources).toEqual(['marker:src/other.ts:1']);
  });

  it('keeps a failing test related to the goal as its own task that names the test, ranked first', () => {
    const p = plan({ goal: 'make the cart total right', signals: [test('cart total rounds half up'), marker('src/x.ts', 1, 'FIXME')] });
    expect(p.tasks[0]!.sources).toEqual(['goal']);
    expect(p.tasks[1]!.title).toContain('cart total rounds half up');
  });

  it('ranks a recent failing test above a stale one when now is given', () => {
    const now = 1_800_000_000_000;
    const p = plan({ now, signals: [test('old one', 'a.test.ts', { reportedAt: now - 30 * 86_400_000 }), test('new one', 'b.test.ts', { reportedAt: now - 3_600_000 })] });
    expect(p.tasks.map((t) => t.title)).toEqual(['Fix failing test new one', 'Fix failing test old one']);
  });

  it('groups markers per file and category, a few per task, naming the lines', () => {
    const signals = [1, 5, 9, 12, 20].map((l) => marker('src/big.ts', l, 'TODO'));
    const p = plan({ budgetMinutes: 120, signals });
    expect(p.tasks).toHaveLength(2);
    expect(p.tasks[0]!.title).toBe('Do 4 TODO markers in src/big.ts (lines 1, 5, 9, 12)');
    expect(p.tasks[0]!.sources).toHaveLength(4);
    expect(p.tasks[1]!.sources).toEqual(['marker:src/big.ts:20']);
  });

  it('links a marker that cites an issue number to that issue task', () => {
    const p = plan({
      signals: [
        { id: 'gh-issue:acme/app#42', kind: 'github_issue', number: 42, title: 'Login loops forever', url: 'https://github.com/acme/app/issues/42', labels: ['bug'], assignedToMe: true },
        marker('src/login.ts', 17, 'FIXME', '// FIXME(#42): retry loop never ends'),
      ],
    });
    expect(p.tasks).toHaveLength(1);
    expect(p.tasks[0]).toMatchObject({ title: 'Fix issue #42: Login loops forever', category: 'bug', sources: ['gh-issue:acme/app#42', 'marker:src/login.ts:17'] });
  });

  it('asks the user to answer open review threads on their own PR', () => {
    const p = plan({ signals: [{ id: 'gh-pr:acme/app#12', kind: 'github_pr', number: 12, title: 'Totals', url: 'u', labels: [], authoredByMe: true, openThreads: 2, checks: 'passing' }] });
    expect(p.tasks[0]).toMatchObject({ title: 'Answer 2 open review threads on your PR #12: Totals', estimateMinutes: 20 });
  });

  it('maps issue labels to categories and plans merge conflicts first', () => {
    const p = plan({
      budgetMinutes: 240,
      signals: [
        { id: 'gh-issue:acme/app#3', kind: 'github_issue', number: 3, title: 'Split the god object', url: 'u', labels: ['tech-debt'] },
        { id: 'gh-issue:acme/app#4', kind: 'github_issue', number: 4, title: 'Dark mode', url: 'u', labels: ['enhancement'] },
        { id: 'git:conflicts', kind: 'git', state: 'conflicts', summary: '1 file has merge conflicts: a.ts', files: ['a.ts'] },
      ],
    });
    expect(p.tasks[0]!.sources).toEqual(['git:conflicts']);
    expect(Object.fromEntries(p.tasks.slice(1).map((t) => [t.sources[0], t.category]))).toEqual({ 'gh-issue:acme/app#3': 'refactor', 'gh-issue:acme/app#4': 'feature' });
  });

  it('leaves out a category whose focus weight is 0', () => {
    const p = plan({ signals: [marker('a.ts', 1, 'FIXME'), marker('b.ts', 1, 'TODO')], focus: { ...focus, bugs: 0 } });
    expect(p.tasks.map((t) => t.category)).toEqual(['feature']);
  });

  it('time-boxes the last task to what is left and keeps a buffer', () => {
    const signals = Array.from({ length: 10 }, (_, i) => marker(`f${i}.ts`, 1, 'FIXME'));
    const p = plan({ budgetMinutes: 50, signals });
    expect(p.totalMinutes).toBe(45);
    expect(p.tasks.map((t) => t.estimateMinutes)).toEqual([20, 20, 5]);
    expect(p.tasks[2]!.rationale).toContain('Time-boxed to 5 min');
  });

  it('uses calibration: FIXME tasks estimated longer when history says they run 1.6× long', () => {
    const history = Array.from({ length: 12 }, (_, i) => ({ category: 'bug' as const, kind: 'marker' as const, estimateMinutes: 20, actualMinutes: 32, endedAt: i }));
    const p = plan({ budgetMinutes: 120, signals: [marker('a.ts', 1, 'FIXME')], history });
    expect(p.tasks[0]!.estimateMinutes).toBeGreaterThanOrEqual(28);
    expect(p.tasks[0]!.estimateMinutes).toBeLessThanOrEqual(30);
    expect(p.tasks[0]!.rationale).toMatch(/Estimate 20 min × 1\.[45]: your FIXME\/BUG tasks usually take longer/);
  });
});

describe('offline planner: bad input gives a sane plan and a notice', () => {
  it('plans from the goal alone when there are no signals, and says so', () => {
    const p = plan({ signals: [], goal: 'Ship the login page', budgetMinutes: 45 });
    expect(p.tasks).toHaveLength(1);
    expect(p.tasks[0]).toMatchObject({ title: 'Ship the login page', sources: ['goal'], estimateMinutes: 40 });
    expect(p.notices.join(' ')).toMatch(/goal alone/);
  });

  it('says so when there is no goal', () => {
    expect(plan({ signals: [marker('a.ts', 1, 'TODO')] }).notices.join(' ')).toMatch(/No goal given/);
    const empty = plan({ signals: [] });
    expect(empty.tasks).toEqual([]);
    expect(empty.notices.join(' ')).toMatch(/Add a goal/);
  });

  it('ignores a 900-minute task in the history and says so', () => {
    const p = plan({ signals: [marker('a.ts', 1, 'FIXME')], history: [{ category: 'bug', kind: 'marker', estimateMinutes: 20, actualMinutes: 900 }] });
    expect(p.tasks[0]!.estimateMinutes).toBe(20);
    expect(p.notices.join(' ')).toMatch(/1 past task has impossible times/);
  });

  it('names a failing test in the title even when the name is huge, and the plan stays valid', () => {
    const p = plan({ signals: [test('x'.repeat(5000))] });
    expect(PlanSchema.safeParse(p).success).toBe(true);
    expect(p.tasks[0]!.title).toContain('x'.repeat(199));
  });
});

function minutesByCategory(tasks: { category: TaskCategory; estimateMinutes: number }[]): Record<TaskCategory, number> {
  const out = { bug: 0, feature: 0, refactor: 0, other: 0 };
  for (const t of tasks) out[t.category] += t.estimateMinutes;
  return out;
}

const focusArb = fc.record({ bugs: weightArb, features: weightArb, refactor: weightArb });

describe('offline planner: properties', () => {
  it('never plans more than the budget; every task is valid, unique and cites a signal or the goal', () => {
    fc.assert(
      fc.property(signalsArb, goalArb, fc.integer({ min: 15, max: 480 }), focusArb, historyArb, (signals, goal, budget, f, history) => {
        const p = planOffline({ signals, goal, budgetMinutes: budget, focus: f, history });
        const total = p.tasks.reduce((s, t) => s + t.estimateMinutes, 0);
        const ids = new Set(signals.map((s) => s.id));
        expect(PlanSchema.safeParse(p).success).toBe(true);
        expect(total).toBeLessThanOrEqual(budget);
        expect(total).toBe(p.totalMinutes);
        expect(new Set(p.tasks.map((t) => t.title.toLowerCase())).size).toBe(p.tasks.length);
        const cited = p.tasks.flatMap((t) => t.sources.filter((s) => s !== 'goal'));
        expect(new Set(cited).size).toBe(cited.length);
        for (const t of p.tasks) {
          expect(t.sources.every((s) => s === 'goal' || ids.has(s))).toBe(true);
          for (const s of t.sources) {
            const signal = signals.find((x) => x.id === s);
            if (signal?.kind === 'failing_test') expect(t.title).toContain(testNameForTitle(signal.name));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("raising one focus weight never lowers that category's share of planned minutes", () => {
    const keys = ['bugs', 'features', 'refactor'] as const;
    const categoryOf = { bugs: 'bug', features: 'feature', refactor: 'refactor' } as const;
    fc.assert(
      fc.property(signalsArb, goalArb, fc.integer({ min: 15, max: 480 }), focusArb, fc.constantFrom(...keys), weightArb, historyArb, (signals, goal, budget, f, key, raiseTo, history) => {
        fc.pre(raiseTo > f[key]);
        const raised: FocusWeights = { ...f, [key]: raiseTo };
        const share = (weights: FocusWeights) => {
          const p = planOffline({ signals, goal, budgetMinutes: budget, focus: weights, history });
          const total = p.totalMinutes;
          return total === 0 ? 0 : minutesByCategory(p.tasks)[categoryOf[key]] / total;
        };
        expect(share(raised)).toBeGreaterThanOrEqual(share(f) - 1e-9);
      }),
      { numRuns: 400 },
    );
  });

  it('the same input gives the same plan', () => {
    fc.assert(
      fc.property(signalsArb, goalArb, fc.integer({ min: 15, max: 480 }), focusArb, historyArb, (signals, goal, budget, f, history) => {
        const a = planOffline({ signals, goal, budgetMinutes: budget, focus: f, history, now: 1_800_000_000_000 });
        const b = planOffline({ signals: [...signals], goal, budgetMinutes: budget, focus: { ...f }, history: [...history], now: 1_800_000_000_000 });
        expect(b).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });

  it('focusWeight reads the right weight', () => {
    expect(focusWeight('refactor', { bugs: 0.1, features: 0.2, refactor: 0.3 })).toBe(0.3);
    expect(focusWeight('other', { bugs: 0, features: 0, refactor: 0 })).toBe(1);
  });
});
