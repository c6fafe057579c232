import { signalsFromScan } from '../../../shared/planner/signals-from-scan';
import type { Session } from '../../../shared/domain/session';
import type { CompanionLink } from '../companion/companion-link';
import type { SessionPilotDb } from '../db/db';
import { summarizeSession, type SummaryWriter } from '../sessions/session-summary';
import { anthropicPort } from '../../../shared/planner/anthropic-port';
import { summarizeWithClaude } from '../../../shared/summary/claude-summary';
import { anthropicKey, loadAiSettings } from '../settings/ai-settings';

/** How long the end-of-session scan may take before the summary is written without it. */
const FINAL_SCAN_MS = 20_000;

/**
 * After a session ends: stop watching its workspace, take one last scan when the companion is
 * there (so the summary can say what changed), and write the summary and handoff.
 */
export async function afterSessionEnded(
  session: Session,
  deps: { db: SessionPilotDb; link: Pick<CompanionLink, 'status' | 'request'>; onSummary?: (sessionId: string) => Promise<void>; claudePort?: typeof anthropicPort },
): Promise<void> {
  const workspace = await deps.db.workspaces.get(session.workspaceId);
  let signalsNow;
  if (workspace && deps.link.status.state === 'connected') {
    void deps.link.request('watch', { path: workspace.path, on: false });
    const scan = await deps.link.request('scan', { path: workspace.path, extraTags: workspace.extraTags }, { timeoutMs: FINAL_SCAN_MS });
    if (scan.ok) signalsNow = signalsFromScan(scan.value);
  }
  // With the user's key, Claude writes it (falling back to the template with a notice on failure).
  const key = await anthropicKey(deps.db);
  let writer: SummaryWriter | undefined;
  if (key) {
    const ai = await loadAiSettings(deps.db);
    writer = async (input) => ({
      ...(await summarizeWithClaude(input, {
        port: (deps.claudePort ?? anthropicPort)({ apiKey: key, baseURL: ai.baseUrl, browser: true }),
        model: ai.model,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      })),
      model: ai.model,
    });
  }
  await summarizeSession(deps.db, session.id, signalsNow, writer);
  await deps.onSummary?.(session.id);
}
