import { workedMinutes } from '../../../shared/clock/task-time';
import type { Signal } from '../../../shared/domain/signal';
import { writeOfflineSummary, type SessionWriteUp, type SummaryInput } from '../../../shared/summary/offline-summary';
import type { ClaudeUsage } from '../../../shared/planner/claude-planner';
import type { Session } from '../../../shared/domain/session';
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
/** Writes the summary from the facts: Claude's writer when the user has a key, else the offline template. */
export type SummaryWriter = (input: SummaryInput) => Promise<{ writeUp: SessionWriteUp; notice?: string; usage?: ClaudeUsage; model?: string }>;

export async function summarizeSession(
  db: SessionPilotDb,
  sessionId: string,
  signalsNow?: readonly Signal[],
  writer?: SummaryWriter,
): Promise<Result<{ summary: string; handoff: string; nextGoal: string }, 'not_found' | 'not_ended'>> {
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
  const input: SummaryInput = {
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
  };
  const written = writer ? await writer(input) : { writeUp: writeOfflineSummary(input) };
  const { writeUp } = written;
  const summary = written.notice ? `${writeUp.summary}\n_${written.notice}_\n` : writeUp.summary;
  const patch: Partial<Session> = { summary, handoff: writeUp.handoff, nextGoal: writeUp.nextGoal };
  if (written.usage && written.usage.calls > 0) {
    const before = session.aiUsage;
    patch.aiUsage = {
      model: before?.model ?? written.model ?? 'claude',
      calls: (before?.calls ?? 0) + written.usage.calls,
      inputTokens: (before?.inputTokens ?? 0) + written.usage.inputTokens,
      outputTokens: (before?.outputTokens ?? 0) + written.usage.outputTokens,
      cacheCreationTokens: (before?.cacheCreationTokens ?? 0) + written.usage.cacheCreationTokens,
      cacheReadTokens: (before?.cacheReadTokens ?? 0) + written.usage.cacheReadTokens,
      cost: before?.cost === null || written.usage.cost === null ? null : (before?.cost ?? 0) + written.usage.cost,
    };
  }
  await db.sessions.update(sessionId, patch);
  return ok({ ...writeUp, summary });
}
