import { describe, expect, it } from 'vitest';
import type { Signal } from '../domain/signal';
import type { PlannedTask } from '../domain/task';
import { enforcePlanRules } from './plan-rules';
import { overlap, wordsOf } from './relevance';

const t = (title: string, sources: string[], estimateMinutes = 10): PlannedTask => ({ title, category: 'bug', estimateMinutes, rationale: '', sources });
const signals: Signal[] = [
  { id: 'test:a.test.ts:adds numbers', kind: 'failing_test', name: 'adds numbers', file: 'a.test.ts' },
  { id: 'marker:a.ts:1', kind: 'marker', file: 'a.ts', line: 1, tag: 'TODO', text: 'TODO: x' },
];

describe('enforcePlanRules (applied after any planner)', () => {
  it('names a cited failing test in the title when the planner did not', () => {
    const [task] = enforcePlanRules([t('Fix the maths', ['test:a.test.ts:adds numbers'])], 60, signals);
    expect(task!.title).toBe('Fix the maths (test: adds numbers)');
  });

  it('drops unknown sources, tasks citing nothing known, duplicates, and tasks past the budget', () => {
    const out = enforcePlanRules(
      [
        t('One', ['marker:a.ts:1', 'invented:1'], 30),
        t('one', ['goal']),
        t('Two', ['invented:2']),
        t('Three', ['marker:a.ts:1']),
        t('Four', ['goal'], 40),
        t('Five', ['goal'], 30),
      ],
      60,
      signals,
    );
    expect(out.map((x) => [x.title, x.sources, x.estimateMinutes])).toEqual([
      ['One', ['marker:a.ts:1'], 30],
      ['Five', ['goal'], 30],
    ]);
  });

  it('rounds estimates to whole minutes, at least 1', () => {
    expect(enforcePlanRules([t('A', ['goal'], 0.2), t('B', ['goal'], 7.6)], 60, []).map((x) => x.estimateMinutes)).toEqual([1, 8]);
  });
});

describe('relevance', () => {
  it('splits camelCase and snake_case and drops short and stop words', () => {
    expect([...wordsOf('Fix the parseCsv export_helper in src')]).toEqual(['fix', 'parse', 'csv', 'export', 'helper']);
  });
  it('scores 0, 0.5 or 1 by goal words found', () => {
    const goal = wordsOf('csv export');
    expect([overlap(goal, 'render'), overlap(goal, 'src/parseCsv.ts'), overlap(goal, 'exporting CSV files')]).toEqual([0, 0.5, 1]);
  });
});
