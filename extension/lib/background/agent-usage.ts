import { taskIntervals } from '../../../shared/clock/task-time';
import { fail, ok, type Result } from '../../../shared/result';
import type { MethodResult } from '../../../shared/protocol/methods';
import type { CompanionLink } from '../companion/companion-link';
import type { SessionPilotDb } from '../db/db';

const MAX_TASKS = 500;
const MAX_INTERVALS = 500;

/**
 * What the coding agents did during a session, from the companion (which reads their logs and
 * sends back numbers and workspace-relative paths only), attributed to the tasks by the times each
 * was in progress.
 */
export async function sessionAgentUsage(
  sessionId: string,
  deps: { db: SessionPilotDb; link: Pick<CompanionLink, 'request'>; now: () => number },
): Promise<Result<MethodResult<'usage.session'>>> {
  const session = await deps.db.sessions.get(sessionId);
  if (!session) return fail('not_found', 'That session no longer exists.');
  if (session.startedAt === undefined) return fail('not_started', 'The session has not started yet.');
  const workspace = await deps.db.workspaces.get(session.workspaceId);
  if (!workspace) return fail('not_found', 'That session’s workspace no longer exists.');
  const until = session.endedAt ?? deps.now();
  const events = await deps.db.events.where('sessionId').equals(sessionId).toArray();
  const tasks = [...taskIntervals(events, until)].slice(0, MAX_TASKS).map(([taskId, intervals]) => ({ taskId, intervals: intervals.slice(-MAX_INTERVALS) }));
  const r = await deps.link.request('usage.session', { path: workspace.path, from: session.startedAt, to: until, tasks }, { timeoutMs: 60_000 });
  return r.ok ? ok(r.value) : fail(r.error.code, r.error.message);
}
