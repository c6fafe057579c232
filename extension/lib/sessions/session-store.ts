import { actualMinutesByTask } from '../../../shared/clock/task-time';
import type { FocusWeights } from '../../../shared/domain/focus';
import type { Session } from '../../../shared/domain/session';
import type { Signal } from '../../../shared/domain/signal';
import type { Task } from '../../../shared/domain/task';
import type { Workspace } from '../../../shared/domain/workspace';
import type { Plan } from '../../../shared/planner/plan-shape';
import { fail, ok, type Result } from '../../../shared/result';
import type { SessionPilotDb } from '../db/db';

export interface NewPlannedSession {
  workspace: Workspace;
  goal: string;
  budgetMinutes: number;
  focus: FocusWeights;
  plan: Plan;
  signals: Signal[];
  /** What the scan said when the plan was made (for the summary's "what changed"). */
  startSignals?: Session['startSignals'];
  aiUsage?: Session['aiUsage'];
}

/** Stores a freshly planned session (status "selecting") with its tasks and the signals it used. */
export async function createPlannedSession(db: SessionPilotDb, input: NewPlannedSession, now: number, newId: () => string): Promise<Session> {
  const session: Session = {
    id: newId(),
    workspaceId: input.workspace.id,
    goal: input.goal,
    budgetMinutes: input.budgetMinutes,
    focus: input.focus,
    status: 'selecting',
    planner: input.plan.planner,
    createdAt: now,
    ...(input.startSignals ? { startSignals: input.startSignals } : {}),
    ...(input.aiUsage ? { aiUsage: input.aiUsage } : {}),
  };
  const tasks: Task[] = input.plan.tasks.map((t, order) => ({ ...t, id: newId(), sessionId: session.id, order, status: 'pending', notes: '', createdAt: now, updatedAt: now }));
  const cited = new Set(tasks.flatMap((t) => t.sources));
  await db.transaction('rw', [db.sessions, db.tasks, db.signals, db.events], async () => {
    await db.sessions.add(session);
    await db.tasks.bulkAdd(tasks);
    // Keep the signals the plan cites (the snapshot it was made from), scoped to this session.
    await db.signals.bulkPut(input.signals.filter((s) => cited.has(s.id)).map((s) => ({ ...s, id: `${session.id}/${s.id}`, sessionId: session.id })));
    await db.events.add({ sessionId: session.id, at: now, type: 'session_created' });
    await db.events.add({ sessionId: session.id, at: now, type: 'plan_ready' });
  });
  return session;
}

/** The running (active or paused) session, if any; at most one runs at a time. */
export async function runningSession(db: SessionPilotDb): Promise<Session | undefined> {
  return (await db.sessions.where('status').anyOf('active', 'paused').sortBy('createdAt')).pop();
}

export async function startSession(db: SessionPilotDb, sessionId: string, now: number): Promise<Result<Session, 'not_found' | 'already_running' | 'not_startable' | 'no_tasks'>> {
  return db.transaction('rw', [db.sessions, db.tasks, db.events], async () => {
    const session = await db.sessions.get(sessionId);
    if (!session) return fail('not_found', 'That session no longer exists.');
    if (session.status !== 'selecting') return fail('not_startable', 'That session has already started or ended.');
    const running = await runningSession(db);
    if (running) return fail('already_running', 'Another session is running; end it before starting a new one.');
    const tasks = await db.tasks.where('[sessionId+order]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray();
    if (tasks.length === 0) return fail('no_tasks', 'The plan has no tasks; add one before starting.');
    const started: Session = { ...session, status: 'active', startedAt: now, deadlineAt: now + session.budgetMinutes * 60_000 };
    await db.sessions.put(started);
    await db.tasks.update(tasks[0]!.id, { status: 'in_progress', updatedAt: now });
    await db.events.bulkAdd([
      { sessionId, at: now, type: 'session_started' },
      { sessionId, at: now, type: 'task_started', taskId: tasks[0]!.id },
    ]);
    return ok(started);
  });
}

/** Ends a session; `at` may lie in the past (the machine slept through the deadline). */
export async function endSession(
  db: SessionPilotDb,
  sessionId: string,
  at: number,
  outcome: 'completed' | 'cancelled',
): Promise<Result<Session, 'not_found' | 'not_running'>> {
  return db.transaction('rw', [db.sessions, db.events, db.tasks], async () => {
    const session = await db.sessions.get(sessionId);
    if (!session) return fail('not_found', 'That session no longer exists.');
    if (session.status !== 'active' && session.status !== 'paused' && session.status !== 'selecting') {
      return fail('not_running', 'That session has already ended.');
    }
    const ended: Session = { ...session, status: outcome, endedAt: at };
    delete ended.pausedAt;
    await db.sessions.put(ended);
    const type = outcome === 'completed' ? 'session_completed' : 'session_cancelled';
    await db.events.add({ sessionId, at, type });
    // Unfinished tasks keep the minutes they were worked on, for the summary.
    const minutes = actualMinutesByTask(await db.events.where('sessionId').equals(sessionId).toArray(), at);
    for (const task of await db.tasks.where('sessionId').equals(sessionId).toArray()) {
      const actual = minutes.get(task.id);
      if (actual !== undefined && task.status !== 'done' && task.status !== 'skipped') await db.tasks.update(task.id, { actualMinutes: actual });
    }
    return ok(ended);
  });
}
