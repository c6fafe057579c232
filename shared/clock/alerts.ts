/**
 * When the session clock should speak: warnings before the end (e.g. 10, 5 and 1 minutes left)
 * and a nudge when the task in progress runs past its estimate. Pure: the background passes the
 * stored state, what already fired (from the session's events) and `now`.
 */
export interface AlertTask {
  id: string;
  estimateMinutes: number;
  /** Time spent on it so far, pauses excluded. */
  workedMs: number;
  /** Minutes the user gave it after a nudge ("+5 min" on the notification). */
  extraMinutes: number;
  /** The threshold (estimate + extra, in minutes) the last nudge was given at. */
  nudgedAt?: number;
}

export interface AlertState {
  deadlineAt: number;
  pausedAt?: number;
  /** Minutes before the end, e.g. [10, 5, 1]. */
  warnings: readonly number[];
  /** Warning minutes already announced. */
  warned: ReadonlySet<number>;
  currentTask?: AlertTask;
}

export type Alert = { kind: 'warning'; minutes: number } | { kind: 'over'; taskId: string; thresholdMinutes: number };

function threshold(task: AlertTask): number {
  return task.estimateMinutes + task.extraMinutes;
}

/**
 * The alerts due now. Only the tightest warning whose moment has come is spoken (after a sleep,
 * "1 minute left" rather than three stale warnings), and none while paused or after the end.
 */
export function dueAlerts(state: AlertState, now: number): Alert[] {
  if (state.pausedAt !== undefined) return [];
  const left = state.deadlineAt - now;
  if (left <= 0) return [];
  const out: Alert[] = [];
  const due = state.warnings.filter((w) => w > 0 && left <= w * 60_000).sort((a, b) => a - b)[0];
  if (due !== undefined && ![...state.warned].some((w) => w <= due)) out.push({ kind: 'warning', minutes: due });
  const task = state.currentTask;
  if (task) {
    const at = threshold(task);
    if (task.workedMs >= at * 60_000 && (task.nudgedAt === undefined || task.nudgedAt < at)) out.push({ kind: 'over', taskId: task.id, thresholdMinutes: at });
  }
  return out;
}

/** The next moment something will be due (to arm an alarm for), if any. */
export function nextAlertAt(state: AlertState, now: number): number | undefined {
  if (state.pausedAt !== undefined) return undefined;
  const times: number[] = [];
  for (const w of state.warnings) {
    const at = state.deadlineAt - w * 60_000;
    if (w > 0 && at > now && !state.warned.has(w)) times.push(at);
  }
  const task = state.currentTask;
  if (task && (task.nudgedAt === undefined || task.nudgedAt < threshold(task))) {
    const at = now + threshold(task) * 60_000 - task.workedMs;
    if (at > now && at < state.deadlineAt) times.push(at);
  }
  return times.length ? Math.min(...times) : undefined;
}
