import { taskIntervals } from '../../../../shared/clock/task-time';
import type { SessionEvent } from '../../../../shared/domain/event';
import type { Session } from '../../../../shared/domain/session';
import type { Workspace } from '../../../../shared/domain/workspace';
import { ANALYTICS_LIMITS, type AnalyticsSessionWindow } from '../../../../shared/protocol/analytics-methods';

/**
 * The session windows `usage.analytics` attributes agent usage to: each started session's
 * workspace path, its time span and when each task was in progress. Newest sessions first, within
 * the protocol's limits; `leftOut` counts the sessions that did not fit.
 */
export function sessionWindows(
  sessions: readonly Pick<Session, 'id' | 'workspaceId' | 'startedAt' | 'endedAt'>[],
  workspaces: readonly Pick<Workspace, 'id' | 'path'>[],
  events: readonly Pick<SessionEvent, 'sessionId' | 'at' | 'type' | 'taskId'>[],
  now: number,
): { windows: AnalyticsSessionWindow[]; leftOut: number } {
  const paths = new Map(workspaces.map((w) => [w.id, w.path]));
  const bySession = new Map<string, Pick<SessionEvent, 'at' | 'type' | 'taskId'>[]>();
  for (const e of events) {
    let list = bySession.get(e.sessionId);
    if (!list) bySession.set(e.sessionId, (list = []));
    list.push(e);
  }
  const started = sessions.filter((s) => s.startedAt !== undefined && paths.has(s.workspaceId)).sort((a, b) => b.startedAt! - a.startedAt!);
  const windows: AnalyticsSessionWindow[] = [];
  let intervals = 0;
  let leftOut = 0;
  for (const s of started) {
    const to = s.endedAt ?? now;
    const tasks = [...taskIntervals(bySession.get(s.id) ?? [], to)]
      .filter(([, list]) => list.length > 0)
      .slice(-ANALYTICS_LIMITS.tasksPerSession)
      .map(([taskId, list]) => ({ taskId, intervals: list.slice(-ANALYTICS_LIMITS.intervalsPerTask) }));
    const count = tasks.reduce((n, t) => n + t.intervals.length, 0);
    if (windows.length >= ANALYTICS_LIMITS.sessions || intervals + count > ANALYTICS_LIMITS.intervals) {
      leftOut++;
      continue;
    }
    intervals += count;
    windows.push({ path: paths.get(s.workspaceId)!, from: s.startedAt!, to, tasks });
  }
  return { windows, leftOut };
}
