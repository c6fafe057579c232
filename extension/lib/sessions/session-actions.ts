import { actualMinutesByTask } from '../../../shared/clock/task-time';
import type { SessionEvent } from '../../../shared/domain/event';
import type { Session } from '../../../shared/domain/session';
import type { Task } from '../../../shared/domain/task';
import { kindOfSource, TaskOutcomeSchema, type TaskOutcome } from '../../../shared/planner/calibration';
import { fail, ok, type Result } from '../../../shared/result';
import type { SessionPilotDb } from '../db/db';

/** Finished tasks kept for calibration (newest last), in the settings table. */
export const OUTCOMES_KEY = 'taskOutcomes';
const MAX_OUTCOMES = 1000;
const MAX_EXTENSION_MINUTES = 120;

type ActionError = 'not_found' | 'not_running' | 'bad_state' | 'invalid';

async function running(db: SessionPilotDb, sessionId: string): Promise<Result<Session, ActionError>> {
  const session = await db.sessions.get(sessionId);
  if (!session) return fail('not_found', 'That session no longer exists.');
  if (session.status !== 'active' && session.status !== 'paused') return fail('not_running', 'That session is not running.');
  return ok(session);
}

async function sessionEvents(db: SessionPilotDb, sessionId: string): Promise<SessionEvent[]> {
  return db.events.where('sessionId').equals(sessionId).toArray();
}

async function orderedTasks(db: SessionPilotDb, sessionId: string): Promise<Task[]> {
  return db.tasks.where('[sessionId+order]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray();
}

/** Appends a finished task to the calibration history (bounded). */
export async function recordOutcome(db: SessionPilotDb, outcome: TaskOutcome): Promise<void> {
  const row = await db.settings.get(OUTCOMES_KEY);
  const parsed = TaskOutcomeSchema.array().safeParse(row?.value);
  const list = parsed.success ? parsed.data : [];
  list.push(outcome);
  await db.settings.put({ key: OUTCOMES_KEY, value: list.slice(-MAX_OUTCOMES) });
}

export async function loadOutcomes(db: SessionPilotDb): Promise<TaskOutcome[]> {
  const row = await db.settings.get(OUTCOMES_KEY);
  const parsed = TaskOutcomeSchema.array().safeParse(row?.value);
  return parsed.success ? parsed.data : [];
}

/**
 * Marks a task done or skipped with its actual minutes (from the events, pauses excluded); when
 * it was the task in progress and `autoAdvance` is on, the next pending task starts.
 */
export async function finishTask(
  db: SessionPilotDb,
  input: { sessionId: string; taskId: string; outcome: 'done' | 'skipped' | 'review'; autoAdvance: boolean },
  now: number,
): Promise<Result<{ task: Task; next: Task | null }, ActionError>> {
  return db.transaction('rw', [db.sessions, db.tasks, db.events, db.settings], async () => {
    const session = await running(db, input.sessionId);
    if (!session.ok) return session;
    const task = await db.tasks.get(input.taskId);
    if (!task || task.sessionId !== input.sessionId) return fail('not_found', 'That task is not part of this session.');
    if (task.status === 'done' || task.status === 'skipped') return fail('bad_state', `That task is already ${task.status}.`);
    if (task.status === 'review' && input.outcome === 'review') return fail('bad_state', 'That task is already in review.');
    // Review: the work is done and waits on someone else (a PR, a check); its time stops like done.
    const type = input.outcome === 'done' ? 'task_done' : input.outcome === 'review' ? 'task_review' : 'task_skipped';
    const events = [...(await sessionEvents(db, input.sessionId)), { sessionId: input.sessionId, at: now, type, taskId: task.id } as const];
    const actual = actualMinutesByTask(events, now).get(task.id);
    const finished: Task = { ...task, status: input.outcome, updatedAt: now, ...(actual !== undefined ? { actualMinutes: actual } : {}) };
    await db.tasks.put(finished);
    await db.events.add({ sessionId: input.sessionId, at: now, type, taskId: task.id });
    if (input.outcome === 'done' && actual !== undefined) {
      const first = task.sources[0] ?? 'goal';
      await recordOutcome(db, { category: task.category, kind: kindOfSource(first), estimateMinutes: task.estimateMinutes, actualMinutes: actual, endedAt: now });
    }
    let next: Task | null = null;
    if (task.status === 'in_progress' && input.autoAdvance) {
      const candidate = (await orderedTasks(db, input.sessionId)).find((t) => t.status === 'pending');
      if (candidate) {
        next = { ...candidate, status: 'in_progress', updatedAt: now };
        await db.tasks.put(next);
        await db.events.add({ sessionId: input.sessionId, at: now, type: 'task_started', taskId: next.id });
      }
    }
    return ok({ task: finished, next });
  });
}

/** Makes a task the one in progress; the one that was in progress goes back to pending. */
export async function startTask(db: SessionPilotDb, input: { sessionId: string; taskId: string }, now: number): Promise<Result<Task, ActionError>> {
  return db.transaction('rw', [db.sessions, db.tasks, db.events], async () => {
    const session = await running(db, input.sessionId);
    if (!session.ok) return session;
    const task = await db.tasks.get(input.taskId);
    if (!task || task.sessionId !== input.sessionId) return fail('not_found', 'That task is not part of this session.');
    if (task.status === 'in_progress') return ok(task);
    if (task.status === 'done' || task.status === 'skipped') return fail('bad_state', `That task is already ${task.status}.`);
    for (const t of await orderedTasks(db, input.sessionId)) {
      if (t.status === 'in_progress') await db.tasks.update(t.id, { status: 'pending', updatedAt: now });
    }
    const started: Task = { ...task, status: 'in_progress', updatedAt: now };
    await db.tasks.put(started);
    await db.events.add({ sessionId: input.sessionId, at: now, type: 'task_started', taskId: task.id });
    return ok(started);
  });
}

/** Stops the clock: the deadline moves by the paused time on resume. */
export async function pauseSession(db: SessionPilotDb, sessionId: string, now: number): Promise<Result<Session, ActionError>> {
  return db.transaction('rw', [db.sessions, db.events], async () => {
    const session = await running(db, sessionId);
    if (!session.ok) return session;
    if (session.value.status === 'paused') return ok(session.value);
    const paused: Session = { ...session.value, status: 'paused', pausedAt: now };
    await db.sessions.put(paused);
    await db.events.add({ sessionId, at: now, type: 'session_paused' });
    return ok(paused);
  });
}

export async function resumeSession(db: SessionPilotDb, sessionId: string, now: number): Promise<Result<Session, ActionError>> {
  return db.transaction('rw', [db.sessions, db.events], async () => {
    const session = await running(db, sessionId);
    if (!session.ok) return session;
    const s = session.value;
    if (s.status !== 'paused' || s.pausedAt === undefined || s.deadlineAt === undefined) return ok(s);
    const resumed: Session = { ...s, status: 'active', deadlineAt: s.deadlineAt + Math.max(0, now - s.pausedAt) };
    delete resumed.pausedAt;
    await db.sessions.put(resumed);
    await db.events.add({ sessionId, at: now, type: 'session_resumed' });
    return ok(resumed);
  });
}

/** Adds minutes to the running session (e.g. "+5 min" from the popup or a notification). */
export async function extendSession(db: SessionPilotDb, sessionId: string, minutes: number, now: number): Promise<Result<Session, ActionError>> {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_EXTENSION_MINUTES) {
    return fail('invalid', `A session can be extended by 1 to ${MAX_EXTENSION_MINUTES} minutes at a time.`);
  }
  return db.transaction('rw', [db.sessions, db.events], async () => {
    const session = await running(db, sessionId);
    if (!session.ok) return session;
    const s = session.value;
    if (s.deadlineAt === undefined) return fail('bad_state', 'That session has no deadline yet.');
    const extended: Session = { ...s, deadlineAt: s.deadlineAt + minutes * 60_000 };
    await db.sessions.put(extended);
    await db.events.add({ sessionId, at: now, type: 'session_extended', minutes });
    return ok(extended);
  });
}
