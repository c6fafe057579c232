import fc from 'fast-check';
import type { Signal } from '../domain/signal';
import type { TaskOutcome } from './calibration';

/** fast-check generators for planner inputs (test-only helpers, shared by the planner's tests and bench). */
const TAGS = ['TODO', 'FIXME', 'HACK', 'XXX', 'BUG', 'NOTE'] as const;
const WORDS = ['cart', 'login', 'export', 'csv', 'parser', 'cache', 'retry', 'token', 'session', 'flaky'];

const text = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 5 }).map((w) => w.join(' '));

export const markerArb: fc.Arbitrary<Signal> = fc
  .record({ f: fc.integer({ min: 0, max: 25 }), line: fc.integer({ min: 1, max: 400 }), tag: fc.constantFrom(...TAGS), words: text, ref: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }) })
  .map(({ f, line, tag, words, ref }) => ({ id: `marker:src/f${f}.ts:${line}`, kind: 'marker', file: `src/f${f}.ts`, line, tag, text: `// ${tag}: ${words}${ref ? ` see #${ref}` : ''}` }));

export const testArb: fc.Arbitrary<Signal> = fc
  .record({ f: fc.integer({ min: 0, max: 5 }), n: fc.integer({ min: 0, max: 30 }), words: text, age: fc.option(fc.integer({ min: 0, max: 30 * 86_400_000 }), { nil: undefined }) })
  .map(({ f, n, words, age }) => ({
    id: `test:t${f}.test.ts:case ${n}${words ? ` ${words}` : ''}`,
    kind: 'failing_test',
    name: `case ${n}${words ? ` ${words}` : ''}`,
    file: `t${f}.test.ts`,
    message: 'expected 1 to be 2',
    ...(age !== undefined ? { reportedAt: 1_800_000_000_000 - age } : {}),
  }));

export const githubArb: fc.Arbitrary<Signal> = fc
  .record({
    pr: fc.boolean(),
    n: fc.integer({ min: 1, max: 8 }),
    words: text,
    labels: fc.subarray(['bug', 'enhancement', 'refactor', 'docs']),
    mine: fc.boolean(),
    review: fc.boolean(),
    checks: fc.constantFrom('failing', 'pending', 'passing', undefined),
    assigned: fc.boolean(),
  })
  .map(({ pr, n, words, labels, mine, review, checks, assigned }) => ({
    id: `${pr ? 'gh-pr' : 'gh-issue'}:acme/app#${n}`,
    kind: pr ? 'github_pr' : 'github_issue',
    number: n,
    title: `Item ${n} ${words}`,
    url: `https://github.com/acme/app/${pr ? 'pull' : 'issues'}/${n}`,
    labels,
    authoredByMe: mine,
    reviewRequested: review,
    assignedToMe: assigned,
    ...(checks ? { checks } : {}),
  }));

export const backlogArb: fc.Arbitrary<Signal> = fc
  .record({ n: fc.integer({ min: 1, max: 20 }), words: text, category: fc.constantFrom('bug', 'feature', 'refactor', 'other', undefined), est: fc.option(fc.integer({ min: 5, max: 120 }), { nil: undefined }) })
  .map(({ n, words, category, est }) => ({
    id: `backlog:${n}`,
    kind: 'backlog',
    title: `Backlog ${n} ${words}`,
    ...(category ? { category } : {}),
    ...(est !== undefined ? { estimateMinutes: est } : {}),
  }));

export const gitArb: fc.Arbitrary<Signal> = fc.constantFrom<Signal>(
  { id: 'git:conflicts', kind: 'git', state: 'conflicts', summary: '2 files have merge conflicts: a.ts, b.ts', files: ['a.ts', 'b.ts'] },
  { id: 'git:rebase', kind: 'git', state: 'rebase', summary: 'A rebase is in progress on main.' },
);

export const signalsArb = fc.array(fc.oneof({ weight: 6, arbitrary: markerArb }, { weight: 2, arbitrary: testArb }, { weight: 2, arbitrary: githubArb }, { weight: 1, arbitrary: backlogArb }, { weight: 1, arbitrary: gitArb }), { maxLength: 80 });

export const historyArb: fc.Arbitrary<TaskOutcome[]> = fc.array(
  fc.record({
    category: fc.constantFrom('bug', 'feature', 'refactor', 'other'),
    kind: fc.constantFrom('goal', 'marker', 'failing_test', 'github_issue', 'github_pr', 'backlog', 'git'),
    estimateMinutes: fc.integer({ min: 1, max: 600 }),
    actualMinutes: fc.oneof(fc.integer({ min: 0, max: 900 }), fc.double({ min: -10, max: 2000, noNaN: false })),
  }),
  { maxLength: 40 },
);

export const goalArb = fc.oneof(fc.constant(''), text, fc.string({ maxLength: 40 }));
export const weightArb = fc.constantFrom(0, 0.1, 0.3, 0.5, 0.7, 1);
