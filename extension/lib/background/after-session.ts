import { signalsFromScan } from '../../../shared/planner/signals-from-scan';
import type { Session } from '../../../shared/domain/session';
import type { CompanionLink } from '../companion/companion-link';
import type { SessionPilotDb } from '../db/db';
import { summarizeSession } from '../sessions/session-summary';

/** How long the end-of-session scan may take before the summary is written without it. */
const FINAL_SCAN_MS = 20_000;

/**
 * After a session ends: stop watching its workspace, take one last scan when the companion is
 * there (so the summary can say what changed), and write the summary and handoff.
 */
export async function afterSessionEnded(
  session: Session,
  deps: { db: SessionPilotDb; link: Pick<CompanionLink, 'status' | 'request'>; onSummary?: (sessionId: string) => Promise<void> },
): Promise<void> {
  const workspace = await deps.db.workspaces.get(session.workspaceId);
  let signalsNow;
  if (workspace && deps.link.status.state === 'connected') {
    void deps.link.request('watch', { path: workspace.path, on: false });
    const scan = await deps.link.request('scan', { path: workspace.path, extraTags: workspace.extraTags }, { timeoutMs: FINAL_SCAN_MS });
    if (scan.ok) signalsNow = signalsFromScan(scan.value);
  }
  await summarizeSession(deps.db, session.id, signalsNow);
  await deps.onSummary?.(session.id);
}
