import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Signal } from '../domain/signal';
import { planOffline } from './offline-planner';

const marker = (file: string, line: number, tag: string, text = `${tag}: do it`): Signal => ({ id: `marker:${file}:${line}`, kind: 'marker', file, line, tag, text });
const focus = { bugs: 1, features: 1, refactor: 1 };

describe('offline planner (first version)', () => {
  it('plans FIXMEs as bugs before TODOs and cites the markers', () => {
    const plan = planOffline({
      signals: [marker('src/a.ts', 3, 'TODO'), marker('src/b.ts', 9, 'FIXME', '// FIXME: crash on empty cart')],
      goal: '',
      budgetMinutes: 60,
      focus,
    });
    expect(plan.planner).toBe('offline');
    expect(plan.tasks[0]).toMatchObject({ category: 'bug', sources: ['marker:src/b.ts:9'] });
    expect(plan.tasks[0]!.title).toContain('src/b.ts:9');
    expect(plan.tasks[0]!.title).toContain('crash on empty cart');
    expect(plan.tasks[1]).toMatchObject({ category: 'feature', sources: ['marker:src/a.ts:3'] });
  });

  it('plans a failing test first, as a bug that names the test', () => {
    const plan = planOffline({
      signals: [
        marker('src/a.ts', 3, 'FIXME'),
        { id: 'test:src/cart.test.ts:cart > sums', kind: 'failing_test', name: 'cart > sums', file: 'src/cart.test.ts', message: 'expected 0' },
      ],
      goal: '',
      budgetMinutes: 60,
      focus,
    });
    expect(plan.tasks[0]).toMatchObject({ title: 'Fix failing test cart > sums', category: 'bug', sources: ['test:src/cart.test.ts:cart > sums'] });
  });

  it('plans from the goal alone when there are no signals, and says so', () => {
    const plan = planOffline({ signals: [], goal: 'Ship the login page', budgetMinutes: 45, focus });
    expect(plan.tasks).toHaveLength(1);
    expect(plan.tasks[0]).toMatchObject({ title: 'Ship the login page', sources: ['goal'] });
    expect(plan.notices.join(' ')).toMatch(/goal alone/);
  });

  it('leaves out a category whose focus weight is 0', () => {
    const plan = planOffline({ signals: [marker('a.ts', 1, 'FIXME'), marker('b.ts', 1, 'TODO')], goal: '', budgetMinutes: 60, focus: { ...focus, bugs: 0 } });
    expect(plan.tasks.map((t) => t.category)).toEqual(['feature']);
  });

  it('never plans more minutes than the budget', () => {
    const tags = ['TODO', 'FIXME', 'HACK', 'XXX', 'BUG'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 500 }), fc.constantFrom(...tags)), { maxLength: 120 }),
        fc.integer({ min: 15, max: 480 }),
        fc.string({ maxLength: 40 }),
        (raw, budget, goal) => {
          const signals = raw.map(([f, l, t]) => marker(`f${f}.ts`, l, t));
          const unique = [...new Map(signals.map((s) => [s.id, s])).values()];
          const plan = planOffline({ signals: unique, goal, budgetMinutes: budget, focus });
          const total = plan.tasks.reduce((s, t) => s + t.estimateMinutes, 0);
          return total <= budget && total === plan.totalMinutes && plan.tasks.every((t) => t.sources.length > 0);
        },
      ),
    );
  });
});
