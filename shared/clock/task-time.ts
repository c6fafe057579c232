import type { SessionEvent } from '../domain/event';

const ENDS_TASK = new Set(['task_done', 'task_skipped', 'task_review']);
const ENDS_SESSION = new Set(['session_completed', 'session_cancelled']);

/**
 * Minutes each task was in progress, from the session's timestamped events: a task runs from its
 * `task_started` until it is done, skipped, sent to review, another task starts, or the session
 * ends; time while the session is paused does not count. `until` closes a task still running.
 */
export function actualMinutesByTask(events: readonly Pick<SessionEvent, 'at' | 'type' | 'taskId'>[], until: number): Map<string, number> {
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i);
  const ms = new Map<string, number>();
  let current: string | undefined;
  let since = 0;
  let paused = false;
  const close = (at: number) => {
    if (current !== undefined && !paused) ms.set(current, (ms.get(current) ?? 0) + Math.max(0, at - since));
    since = at;
  };
  for (const { e } of ordered) {
    if (e.at > until) break;
    if (e.type === 'task_started' && e.taskId) {
      close(e.at);
      current = e.taskId;
      if (!ms.has(current)) ms.set(current, 0);
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
  return new Map([...ms].map(([id, t]) => [id, Math.round((t / 60_000) * 10) / 10]));
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
