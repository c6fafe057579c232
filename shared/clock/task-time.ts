import type { SessionEvent } from '../domain/event';

const ENDS_TASK = new Set(['task_done', 'task_skipped', 'task_review']);
const ENDS_SESSION = new Set(['session_completed', 'session_cancelled']);

/**
 * When each task was in progress, from the session's timestamped events: a task runs from its
 * `task_started` until it is done, skipped, sent to review, another task starts, or the session
 * ends; a pause cuts the interval. `until` closes a task still running.
 */
export function taskIntervals(events: readonly Pick<SessionEvent, 'at' | 'type' | 'taskId'>[], until: number): Map<string, Array<[number, number]>> {
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i);
  const out = new Map<string, Array<[number, number]>>();
  let current: string | undefined;
  let since = 0;
  let paused = false;
  const close = (at: number) => {
    if (current !== undefined && !paused && at > since) out.get(current)!.push([since, at]);
    since = at;
  };
  for (const { e } of ordered) {
    if (e.at > until) break;
    if (e.type === 'task_started' && e.taskId) {
      close(e.at);
      current = e.taskId;
      if (!out.has(current)) out.set(current, []);
    } else if (ENDS_TASK.has(e.type) && e.taskId !== undefined && e.taskId === current) {
      close(e.at);
      current = undefined;
    } else if (e.type === 'session_paused' && !paused) {
      close(e.at);
      paused = true;
    } else if (e.type === 'session_resumed' && paused) {
      paused = false;
      since = e.at;
    } else if (ENDS_SESSION.has(e.type)) {
      close(e.at);
      current = undefined;
    }
  }
  close(until);
  return out;
}

/** Minutes each task was in progress (pauses excluded), to a tenth of a minute. */
export function actualMinutesByTask(events: readonly Pick<SessionEvent, 'at' | 'type' | 'taskId'>[], until: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, intervals] of taskIntervals(events, until)) {
    const ms = intervals.reduce((sum, [a, b]) => sum + (b - a), 0);
    out.set(id, Math.round((ms / 60_000) * 10) / 10);
  }
  return out;
}

/** Minutes the session ran, pauses excluded. */
export function workedMinutes(events: readonly Pick<SessionEvent, 'at' | 'type'>[], startedAt: number, endedAt: number): number {
  const ordered = [...events].sort((a, b) => a.at - b.at);
  let total = 0;
  let since = startedAt;
  let paused = false;
  for (const e of ordered) {
    if (e.at < startedAt || e.at > endedAt) continue;
    if (e.type === 'session_paused' && !paused) {
      total += e.at - since;
      paused = true;
    } else if (e.type === 'session_resumed' && paused) {
      paused = false;
      since = e.at;
    }
  }
  if (!paused) total += endedAt - since;
  return Math.round((Math.max(0, total) / 60_000) * 10) / 10;
}
