import { workedMinutes } from '../../../shared/clock/task-time';
import type { Signal } from '../../../shared/domain/signal';
import { writeOfflineSummary } from '../../../shared/summary/offline-summary';
import { fail, ok, type Result } from '../../../shared/result';
import type { SessionPilotDb } from '../db/db';

function when(startedAt: number, endedAt: number): string {
  const day = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(startedAt);
  const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  return `${day}, ${time.format(startedAt)}–${time.format(endedAt)}`;
}

/**
 * Writes the ended session's summary and handoff (the offline template) onto its row. `signalsNow`
 * is a fresh scan when the companion could give one; without it the summary leaves out what changed.
 */
export async function summarizeSession(db: SessionPilotDb, sessionId: string, signalsNow?: readonly Signal[]): Promise<Result<{ summary: string; handoff: string; nextGoal: string }, 'not_found' | 'not_ended'>> {
  const session = await db.sessions.get(sessionId);
  if (!session) return fail('not_found', 'That session no longer exists.');
  if (session.status !== 'completed' && session.status !== 'cancelled') return fail('not_ended', 'The session has not ended yet.');
  const [tasks, events, signals, workspace] = await Promise.all([
    db.tasks.where('sessionId').equals(sessionId).toArray(),
    db.events.where('sessionId').equals(sessionId).toArray(),
    db.signals.where('sessionId').equals(sessionId).toArray(),
    db.workspaces.get(session.workspaceId),
  ]);
  const startedAt = session.startedAt ?? session.createdAt;
  const endedAt = session.endedAt ?? startedAt;
  // Stored signals carry the session's id in front of their own; the summary compares the originals.
  const prefix = `${sessionId}/`;
  const atStart = signals.map((s) => ({ ...s, id: s.id.startsWith(prefix) ? s.id.slice(prefix.length) : s.id }));
  const writeUp = writeOfflineSummary({
    goal: session.goal,
    workspaceName: workspace?.name ?? 'Workspace',
    budgetMinutes: session.budgetMinutes,
    workedMinutes: session.startedAt === undefined ? 0 : workedMinutes(events, startedAt, endedAt),
    outcome: session.status,
    when: when(startedAt, endedAt),
    tasks,
    signalsAtStart: atStart,
    failingAtStart: session.startSignals?.failingTests,
    markersAtStart: session.startSignals?.markers,
    signalsNow,
  });
  await db.sessions.update(sessionId, { summary: writeUp.summary, handoff: writeUp.handoff, nextGoal: writeUp.nextGoal });
  return ok(writeUp);
}
