import { describe, expect, it } from 'vitest';
import { SessionEventSchema, SESSION_EVENT_TYPES } from './event';
import { BudgetMinutesSchema, DEFAULT_FOCUS, FocusWeightsSchema } from './focus';
import { SessionSchema, SESSION_STATUSES } from './session';
import { SignalSchema } from './signal';
import { PlannedTaskSchema, TaskSchema, TASK_STATUSES } from './task';

describe('BudgetMinutesSchema', () => {
  it.each([15, 16, 90, 480])('accepts %d', (m) => {
    expect(BudgetMinutesSchema.safeParse(m).success).toBe(true);
  });

  it.each([14, 481, 0, -30])('rejects %d with the range sentence', (m) => {
    const r = BudgetMinutesSchema.safeParse(m);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('The time budget must be between 15 and 480 minutes.');
  });

  it('rejects a fraction of a minute', () => {
    const r = BudgetMinutesSchema.safeParse(30.5);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('The time budget must be a whole number of minutes.');
  });

  it.each([Number.NaN, Infinity, '30', null, undefined])('rejects the non-number %j', (m) => {
    expect(BudgetMinutesSchema.safeParse(m).success).toBe(false);
  });
});

describe('FocusWeightsSchema', () => {
  it('fills every missing weight with 1', () => {
    expect(FocusWeightsSchema.parse({})).toEqual(DEFAULT_FOCUS);
    expect(FocusWeightsSchema.parse({ bugs: 0.5 })).toEqual({ bugs: 0.5, features: 1, refactor: 1 });
  });

  it('accepts the bounds 0 and 1', () => {
    expect(FocusWeightsSchema.parse({ bugs: 0, features: 1, refactor: 0.2 })).toEqual({ bugs: 0, features: 1, refactor: 0.2 });
  });

  it.each([-0.1, 1.1, Number.NaN, '0.5'])('rejects the weight %j', (w) => {
    const r = FocusWeightsSchema.safeParse({ bugs: w });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['bugs']);
    expect(r.error?.issues[0]?.message).toMatch(/from 0 to 1/);
  });
});

const session = {
  id: 's1',
  workspaceId: 'w1',
  goal: 'ship the scanner',
  budgetMinutes: 60,
  focus: { bugs: 1, features: 0.5, refactor: 0.2 },
  status: 'active',
  createdAt: 1_700_000_000_000,
  startedAt: 1_700_000_000_000,
  deadlineAt: 1_700_003_600_000,
};

describe('SessionSchema', () => {
  it('accepts a session in every known status', () => {
    for (const status of SESSION_STATUSES) expect(SessionSchema.safeParse({ ...session, status }).success).toBe(true);
  });

  it('fills focus defaults', () => {
    expect(SessionSchema.parse({ ...session, focus: {} }).focus).toEqual(DEFAULT_FOCUS);
  });

  it.each([
    ['an unknown status', { status: 'running' }],
    ['a budget under 15', { budgetMinutes: 14 }],
    ['a budget over 480', { budgetMinutes: 481 }],
    ['an out-of-range weight', { focus: { bugs: 2 } }],
    ['an unknown planner', { planner: 'gpt' }],
    ['an empty id', { id: '' }],
    ['a fractional timestamp', { createdAt: 1.5 }],
    ['a negative timestamp', { deadlineAt: -1 }],
    ['an overlong goal', { goal: 'g'.repeat(2001) }],
  ])('rejects %s', (_label, over) => {
    expect(SessionSchema.safeParse({ ...session, ...over }).success).toBe(false);
  });
});

const planned = {
  title: 'Fix the flaky parser test',
  category: 'bug',
  estimateMinutes: 20,
  rationale: 'It fails on CI.',
  sources: ['sig-1'],
};

describe('PlannedTaskSchema and TaskSchema', () => {
  it('accepts a planned task citing a signal or the goal', () => {
    expect(PlannedTaskSchema.safeParse(planned).success).toBe(true);
    expect(PlannedTaskSchema.safeParse({ ...planned, sources: ['goal'] }).success).toBe(true);
  });

  it.each([
    ['empty sources', { sources: [] }],
    ['an empty source id', { sources: [''] }],
    ['a missing sources list', { sources: undefined }],
    ['a blank title', { title: '   ' }],
    ['an unknown category', { category: 'chore' }],
    ['a zero estimate', { estimateMinutes: 0 }],
    ['a fractional estimate', { estimateMinutes: 2.5 }],
    ['an estimate over 480', { estimateMinutes: 481 }],
  ])('rejects %s', (_label, over) => {
    expect(PlannedTaskSchema.safeParse({ ...planned, ...over }).success).toBe(false);
  });

  it('trims the title', () => {
    expect(PlannedTaskSchema.parse({ ...planned, title: '  Fix it  ' }).title).toBe('Fix it');
  });

  const task = { ...planned, id: 't1', sessionId: 's1', order: 0, status: 'pending', createdAt: 1, updatedAt: 2 };

  it('accepts a stored task in every status, with notes defaulting to empty', () => {
    for (const status of TASK_STATUSES) {
      const r = TaskSchema.safeParse({ ...task, status });
      expect(r.success).toBe(true);
      expect(r.data?.notes).toBe('');
    }
  });

  it('rejects an unknown status, a negative order, negative actual minutes and empty sources', () => {
    expect(TaskSchema.safeParse({ ...task, status: 'blocked' }).success).toBe(false);
    expect(TaskSchema.safeParse({ ...task, order: -1 }).success).toBe(false);
    expect(TaskSchema.safeParse({ ...task, actualMinutes: -1 }).success).toBe(false);
    expect(TaskSchema.safeParse({ ...task, sources: [] }).success).toBe(false);
  });
});

describe('SignalSchema', () => {
  it.each([
    { id: 'm1', kind: 'marker', file: 'src/a.ts', line: 3, tag: 'TODO', text: 'TODO: x' },
    { id: 'f1', kind: 'failing_test', name: 'parser > handles CRLF', file: 'a.test.ts', message: 'expected 1', reportedAt: 5 },
    { id: 'f2', kind: 'failing_test', name: 'only a name' },
    { id: 'g1', kind: 'git', summary: '3 changed files', sessionId: 's1' },
    { id: 'i1', kind: 'github_issue', number: 12, title: 'Crash', url: 'https://github.com/o/r/issues/12', labels: ['bug'] },
    { id: 'p1', kind: 'github_pr', number: 7, title: 'Fix', url: 'https://github.com/o/r/pull/7' },
    { id: 'b1', kind: 'backlog', title: 'Later' },
  ])('accepts a $kind signal', (signal) => {
    const r = SignalSchema.safeParse(signal);
    expect(r.success).toBe(true);
    expect(r.data?.kind).toBe(signal.kind);
  });

  it('defaults GitHub labels to an empty list', () => {
    const r = SignalSchema.parse({ id: 'p1', kind: 'github_pr', number: 7, title: 'Fix', url: 'u' });
    expect(r).toMatchObject({ kind: 'github_pr', labels: [] });
  });

  it('checks each kind against its own fields', () => {
    // A marker's fields under another kind, or another kind's fields under `marker`, do not pass.
    expect(SignalSchema.safeParse({ id: 'x', kind: 'marker', name: 'a test' }).success).toBe(false);
    expect(SignalSchema.safeParse({ id: 'x', kind: 'git', file: 'a', line: 1, tag: 'TODO', text: '' }).success).toBe(false);
    expect(SignalSchema.safeParse({ id: 'x', kind: 'github_issue', number: 0, title: 't', url: 'u' }).success).toBe(false);
    expect(SignalSchema.safeParse({ id: 'x', kind: 'marker', file: 'a', line: 0, tag: 'TODO', text: '' }).success).toBe(false);
  });

  it('rejects an unknown kind, a missing kind and a missing id', () => {
    expect(SignalSchema.safeParse({ id: 'x', kind: 'jira', title: 't' }).success).toBe(false);
    expect(SignalSchema.safeParse({ id: 'x', title: 't' }).success).toBe(false);
    expect(SignalSchema.safeParse({ kind: 'backlog', title: 't' }).success).toBe(false);
  });
});

describe('SessionEventSchema', () => {
  it('accepts every event type', () => {
    for (const type of SESSION_EVENT_TYPES) {
      expect(SessionEventSchema.safeParse({ sessionId: 's1', at: 10, type }).success).toBe(true);
    }
  });

  it('accepts task and minutes fields', () => {
    const e = { id: 3, sessionId: 's1', at: 10, type: 'session_extended', minutes: 15, taskId: 't1', note: 'more time' };
    expect(SessionEventSchema.parse(e)).toEqual(e);
  });

  it('rejects an unknown type, a negative time, a zero id and an overlong note', () => {
    const e = { sessionId: 's1', at: 10, type: 'task_done' };
    expect(SessionEventSchema.safeParse({ ...e, type: 'task_deleted' }).success).toBe(false);
    expect(SessionEventSchema.safeParse({ ...e, at: -1 }).success).toBe(false);
    expect(SessionEventSchema.safeParse({ ...e, id: 0 }).success).toBe(false);
    expect(SessionEventSchema.safeParse({ ...e, note: 'n'.repeat(10_001) }).success).toBe(false);
    expect(SessionEventSchema.safeParse({ ...e, sessionId: undefined }).success).toBe(false);
  });
});
