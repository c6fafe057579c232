import type { Session } from '../../../shared/domain/session';
import type { Task } from '../../../shared/domain/task';
import type { SessionSnapshot } from '../snapshot/session-snapshot';

const small = (t: Task) => ({ id: t.id, title: t.title, estimateMinutes: t.estimateMinutes, category: t.category });

/** The popup's picture of a session, built from its row and its tasks in order. */
export function buildSnapshot(session: Session, tasks: readonly Task[], workspaceName: string): SessionSnapshot | null {
  if (session.deadlineAt === undefined) return null;
  if (session.status !== 'active' && session.status !== 'paused' && session.status !== 'completed' && session.status !== 'cancelled') return null;
  const ordered = [...tasks].sort((a, b) => a.order - b.order);
  const current = ordered.find((t) => t.status === 'in_progress') ?? null;
  const next = ordered.find((t) => t.status === 'pending' && t !== current) ?? null;
  return {
    sessionId: session.id,
    workspaceName,
    goal: session.goal,
    status: session.status,
    deadlineAt: session.deadlineAt,
    pausedAt: session.pausedAt,
    endedAt: session.endedAt,
    currentTask: current ? small(current) : null,
    nextTask: next ? small(next) : null,
    tasksDone: ordered.filter((t) => t.status === 'done').length,
    tasksTotal: ordered.length,
    workspaceId: session.workspaceId,
    budgetMinutes: session.budgetMinutes,
    focus: session.focus,
    ...(session.nextGoal ? { nextGoal: session.nextGoal } : {}),
  };
}
