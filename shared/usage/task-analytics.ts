import { actualMinutesByTask } from '../clock/task-time';
import { localDay } from './daily-usage';
import type { SessionEvent } from '../domain/event';
import type { Session } from '../domain/session';
import { TASK_CATEGORIES, type Task, type TaskCategory } from '../domain/task';
import type { CategoryEstimate, CategoryTime } from './analytics-schemas';
import type { UsageAggregate } from './session-usage';
import { emptyAggregate, mergeAggregate } from './usage-aggregate';

type SessionTimes = Pick<Session, 'id' | 'status' | 'startedAt' | 'endedAt'>;
type TaskFacts = Pick<Task, 'id' | 'sessionId' | 'category' | 'status' | 'estimateMinutes' | 'actualMinutes'>;
type EventFacts = Pick<SessionEvent, 'sessionId' | 'at' | 'type' | 'taskId'>;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** When a session's clock stops for counting: its end, or now while it still runs. */
export function sessionUntil(s: SessionTimes, now: number): number {
  return s.endedAt ?? now;
}

/**
 * Minutes each task was in progress, from its session's events (pauses excluded; a running task
 * counts up to `now`). A task with no events keeps the minutes stored on it.
 */
export function actualMinutes(sessions: readonly SessionTimes[], tasks: readonly TaskFacts[], events: readonly EventFacts[], now: number): Map<string, number> {
  const bySession = new Map<string, EventFacts[]>();
  for (const e of events) {
    let list = bySession.get(e.sessionId);
    if (!list) bySession.set(e.sessionId, (list = []));
    list.push(e);
  }
  const out = new Map<string, number>();
  for (const s of sessions) {
    const list = bySession.get(s.id);
    if (list) for (const [taskId, minutes] of actualMinutesByTask(list, sessionUntil(s, now))) out.set(taskId, minutes);
  }
  for (const t of tasks) if (!out.has(t.id) && t.actualMinutes !== undefined) out.set(t.id, t.actualMinutes);
  return out;
}

/** Minutes worked per task category, every category listed (0 when none). */
export function timeByCategory(tasks: readonly TaskFacts[], minutes: ReadonlyMap<string, number>): CategoryTime[] {
  const rows = new Map<TaskCategory, CategoryTime>(TASK_CATEGORIES.map((category) => [category, { category, tasks: 0, minutes: 0 }]));
  for (const t of tasks) {
    const m = minutes.get(t.id) ?? 0;
    if (m <= 0) continue;
    const row = rows.get(t.category)!;
    row.tasks++;
    row.minutes += m;
  }
  return [...rows.values()].map((r) => ({ ...r, minutes: round1(r.minutes) }));
}

/** Estimated against actual minutes per category, over the tasks marked done. */
export function estimateVsActual(tasks: readonly TaskFacts[], minutes: ReadonlyMap<string, number>): CategoryEstimate[] {
  const rows = new Map<TaskCategory, CategoryEstimate>(TASK_CATEGORIES.map((category) => [category, { category, tasks: 0, estimateMinutes: 0, actualMinutes: 0 }]));
  for (const t of tasks) {
    if (t.status !== 'done') continue;
    const row = rows.get(t.category)!;
    row.tasks++;
    row.estimateMinutes += t.estimateMinutes;
    row.actualMinutes += minutes.get(t.id) ?? 0;
  }
  return [...rows.values()].map((r) => ({ ...r, actualMinutes: round1(r.actualMinutes) }));
}

/** Agent usage per task category: each task's attributed usage counted under its category. */
export function agentUsageByCategory(tasks: readonly TaskFacts[], byTask: Readonly<Record<string, UsageAggregate>>): Array<UsageAggregate & { category: TaskCategory }> {
  const rows = new Map<TaskCategory, UsageAggregate & { category: TaskCategory }>(TASK_CATEGORIES.map((category) => [category, { category, ...emptyAggregate() }]));
  for (const t of tasks) {
    const usage = byTask[t.id];
    if (usage) mergeAggregate(rows.get(t.category)!, usage);
  }
  return [...rows.values()];
}

/** Sessions that started (or, never started, were created) on a local day from `since` to `until`. */
export function sessionsInDays<S extends Pick<Session, 'createdAt' | 'startedAt'>>(sessions: readonly S[], range: { since?: string; until?: string }): S[] {
  return sessions.filter((s) => {
    const day = localDay(s.startedAt ?? s.createdAt);
    return !((range.since && day < range.since) || (range.until && day > range.until));
  });
}
