import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../domain/event';
import type { Task } from '../domain/task';
import { emptyAggregate } from './usage-aggregate';
import { actualMinutes, agentUsageByCategory, estimateVsActual, sessionsInDays, timeByCategory } from './task-analytics';

const M = 60_000;
const T0 = new Date(2026, 2, 1, 9, 0).getTime();

type T = Pick<Task, 'id' | 'sessionId' | 'category' | 'status' | 'estimateMinutes' | 'actualMinutes'>;
const task = (id: string, sessionId: string, category: Task['category'], status: Task['status'], estimateMinutes: number, actual?: number): T => ({
  id,
  sessionId,
  category,
  status,
  estimateMinutes,
  ...(actual === undefined ? {} : { actualMinutes: actual }),
});
const ev = (sessionId: string, min: number, type: SessionEvent['type'], taskId?: string) => ({ sessionId, at: T0 + min * M, type, ...(taskId ? { taskId } : {}) });

const sessions = [
  { id: 's1', status: 'completed' as const, startedAt: T0, endedAt: T0 + 90 * M },
  { id: 's2', status: 'active' as const, startedAt: T0 + 100 * M },
];
const tasks = [
  task('a', 's1', 'bug', 'done', 20),
  task('b', 's1', 'feature', 'done', 30),
  task('c', 's1', 'bug', 'skipped', 10),
  task('d', 's2', 'refactor', 'in_progress', 15),
  task('old', 's0', 'other', 'done', 25, 40), // an old row with no events keeps its stored minutes
];
const events = [
  ev('s1', 0, 'session_started'),
  ev('s1', 0, 'task_started', 'a'),
  ev('s1', 25, 'task_done', 'a'),
  ev('s1', 25, 'task_started', 'b'),
  ev('s1', 40, 'session_paused'),
  ev('s1', 50, 'session_resumed'),
  ev('s1', 70, 'task_done', 'b'),
  ev('s1', 70, 'task_started', 'c'),
  ev('s1', 75, 'task_skipped', 'c'),
  ev('s1', 90, 'session_completed'),
  ev('s2', 100, 'session_started'),
  ev('s2', 100, 'task_started', 'd'),
];

describe('SessionPilot time analytics', () => {
  const now = T0 + 112 * M;
  const minutes = actualMinutes(sessions, tasks, events, now);

  it('counts each task’s minutes from events, pauses excluded, a running task up to now', () => {
    expect(Object.fromEntries(minutes)).toEqual({ a: 25, b: 35, c: 5, d: 12, old: 40 });
  });

  it('sums time per category, every category listed', () => {
    expect(timeByCategory(tasks, minutes)).toEqual([
      { category: 'bug', tasks: 2, minutes: 30 },
      { category: 'feature', tasks: 1, minutes: 35 },
      { category: 'refactor', tasks: 1, minutes: 12 },
      { category: 'other', tasks: 1, minutes: 40 },
    ]);
  });

  it('compares estimates with actual minutes over done tasks', () => {
    expect(estimateVsActual(tasks, minutes)).toEqual([
      { category: 'bug', tasks: 1, estimateMinutes: 20, actualMinutes: 25 },
      { category: 'feature', tasks: 1, estimateMinutes: 30, actualMinutes: 35 },
      { category: 'refactor', tasks: 0, estimateMinutes: 0, actualMinutes: 0 },
      { category: 'other', tasks: 1, estimateMinutes: 25, actualMinutes: 40 },
    ]);
  });

  it('counts agent usage under the category of the task it was attributed to', () => {
    const usage = (cost: number, unpriced: string[] = []) => ({ ...emptyAggregate(), turns: 1, inputTokens: 10, totalTokens: 10, cost, unpricedModels: unpriced });
    const rows = agentUsageByCategory(tasks, { a: usage(1.5), c: usage(0.5, ['mystery']), d: usage(2), ghost: usage(9) });
    expect(rows.map((r) => [r.category, r.turns, r.cost, r.unpricedModels])).toEqual([
      ['bug', 2, 2, ['mystery']],
      ['feature', 0, 0, []],
      ['refactor', 1, 2, []],
      ['other', 0, 0, []],
    ]);
  });

  it('picks sessions by the local day they started', () => {
    const list = [
      { id: 'x', createdAt: new Date(2026, 2, 1, 23, 59).getTime(), startedAt: new Date(2026, 2, 2, 0, 5).getTime() },
      { id: 'y', createdAt: new Date(2026, 2, 1, 12, 0).getTime() },
    ];
    expect(sessionsInDays(list, { since: '2026-03-02' }).map((s) => s.id)).toEqual(['x']);
    expect(sessionsInDays(list, { until: '2026-03-01' }).map((s) => s.id)).toEqual(['y']);
    expect(sessionsInDays(list, {}).map((s) => s.id)).toEqual(['x', 'y']);
  });
});
