import { TaskCategorySchema, type Task } from '../../../shared/domain/task';
import { fail, ok, type Result } from '../../../shared/result';
import type { SessionPilotDb } from '../db/db';

type EditError = 'not_found' | 'ended' | 'invalid' | 'bad_state';

export interface TaskPatch {
  title?: string;
  estimateMinutes?: number;
  category?: string;
  notes?: string;
}

async function ordered(db: SessionPilotDb, sessionId: string): Promise<Task[]> {
  return db.tasks.where('[sessionId+order]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray();
}

async function openSession(db: SessionPilotDb, sessionId: string): Promise<Result<true, EditError>> {
  const session = await db.sessions.get(sessionId);
  if (!session) return fail('not_found', 'That session no longer exists.');
  if (session.status === 'completed' || session.status === 'cancelled') return fail('ended', 'That session has ended; its tasks are read-only.');
  return ok(true);
}

function checkPatch(patch: TaskPatch): Result<Partial<Task>, EditError> {
  const out: Partial<Task> = {};
  if (patch.title !== undefined) {
    const title = patch.title.replace(/\s+/g, ' ').trim();
    if (!title) return fail('invalid', 'A task needs a title.');
    if (title.length > 300) return fail('invalid', 'A task title can be at most 300 characters.');
    out.title = title;
  }
  if (patch.estimateMinutes !== undefined) {
    if (!Number.isInteger(patch.estimateMinutes) || patch.estimateMinutes < 1 || patch.estimateMinutes > 480) return fail('invalid', 'An estimate is a whole number of minutes from 1 to 480.');
    out.estimateMinutes = patch.estimateMinutes;
  }
  if (patch.category !== undefined) {
    const c = TaskCategorySchema.safeParse(patch.category);
    if (!c.success) return fail('invalid', 'The category must be bug, feature, refactor or other.');
    out.category = c.data;
  }
  if (patch.notes !== undefined) {
    if (patch.notes.length > 10_000) return fail('invalid', 'Notes can be at most 10,000 characters.');
    out.notes = patch.notes;
  }
  return ok(out);
}

/** Edits a task's title, estimate, category or notes while its session is open. */
export async function updateTask(db: SessionPilotDb, taskId: string, patch: TaskPatch, now: number): Promise<Result<Task, EditError>> {
  const checked = checkPatch(patch);
  if (!checked.ok) return checked;
  return db.transaction('rw', [db.sessions, db.tasks, db.events], async () => {
    const task = await db.tasks.get(taskId);
    if (!task) return fail('not_found', 'That task no longer exists.');
    const open = await openSession(db, task.sessionId);
    if (!open.ok) return open;
    const updated: Task = { ...task, ...checked.value, updatedAt: now };
    await db.tasks.put(updated);
    if (patch.notes !== undefined && patch.notes !== task.notes) await db.events.add({ sessionId: task.sessionId, at: now, type: 'note_added', taskId, note: patch.notes.slice(0, 10_000) });
    return ok(updated);
  });
}

/** Moves a task to a new position (0-based) in its session's list; the rest keep their order. */
export async function moveTask(db: SessionPilotDb, taskId: string, toIndex: number, now: number): Promise<Result<Task[], EditError>> {
  return db.transaction('rw', [db.sessions, db.tasks], async () => {
    const task = await db.tasks.get(taskId);
    if (!task) return fail('not_found', 'That task no longer exists.');
    const open = await openSession(db, task.sessionId);
    if (!open.ok) return open;
    const list = (await ordered(db, task.sessionId)).filter((t) => t.id !== taskId);
    const at = Math.max(0, Math.min(list.length, Math.round(toIndex)));
    list.splice(at, 0, task);
    const changed = list.map((t, order) => ({ ...t, order, ...(t.order !== order ? { updatedAt: now } : {}) }));
    await db.tasks.bulkPut(changed);
    return ok(changed);
  });
}

/** Adds a task by hand (in the plan or mid-session); it cites the goal. */
export async function addTask(db: SessionPilotDb, sessionId: string, input: { title: string; estimateMinutes: number; category: string }, now: number, newId: () => string): Promise<Result<Task, EditError>> {
  const checked = checkPatch(input);
  if (!checked.ok) return checked;
  return db.transaction('rw', [db.sessions, db.tasks, db.events], async () => {
    const open = await openSession(db, sessionId);
    if (!open.ok) return open;
    const list = await ordered(db, sessionId);
    const task: Task = {
      id: newId(),
      sessionId,
      order: (list.at(-1)?.order ?? -1) + 1,
      title: checked.value.title!,
      category: checked.value.category!,
      estimateMinutes: checked.value.estimateMinutes!,
      rationale: 'Added by hand.',
      sources: ['goal'],
      status: 'pending',
      notes: '',
      createdAt: now,
      updatedAt: now,
    };
    await db.tasks.add(task);
    await db.events.add({ sessionId, at: now, type: 'task_added', taskId: task.id });
    return ok(task);
  });
}

/** Drops a task from a plan not yet started; once a session runs, tasks are skipped instead (their record stays). */
export async function dropTask(db: SessionPilotDb, taskId: string): Promise<Result<{ dropped: string }, EditError>> {
  return db.transaction('rw', [db.sessions, db.tasks], async () => {
    const task = await db.tasks.get(taskId);
    if (!task) return fail('not_found', 'That task no longer exists.');
    const session = await db.sessions.get(task.sessionId);
    if (session?.status !== 'selecting') return fail('bad_state', 'Once a session has started, skip a task instead of dropping it.');
    await db.tasks.delete(taskId);
    const rest = (await ordered(db, task.sessionId)).map((t, order) => ({ ...t, order }));
    await db.tasks.bulkPut(rest);
    return ok({ dropped: taskId });
  });
}
