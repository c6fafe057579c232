import type { FocusWeights } from '../../../shared/domain/focus';
import type { Signal } from '../../../shared/domain/signal';
import { planOffline } from '../../../shared/planner/offline-planner';
import { signalsFromScan } from '../../../shared/planner/signals-from-scan';
import type { Plan } from '../../../shared/planner/plan-shape';
import { fail, ok, type Result } from '../../../shared/result';
import type { CompanionLink } from '../companion/companion-link';
import type { SessionPilotDb } from '../db/db';
import { loadOutcomes } from '../sessions/session-actions';
import { createPlannedSession } from '../sessions/session-store';
import { mutedSignals } from '../workspaces/signal-mutes';

export interface PlanRequest {
  workspaceId: string;
  goal: string;
  budgetMinutes: number;
  focus: FocusWeights;
}

export interface PlanningDeps {
  db: SessionPilotDb;
  link: Pick<CompanionLink, 'request'>;
  now: () => number;
  newId: () => string;
  progress: (stage: string, done?: number, total?: number) => void;
}

/** Scan (through the companion) → offline plan → a stored session waiting for the user to start it. */
export async function planSession(req: PlanRequest, deps: PlanningDeps): Promise<Result<{ sessionId: string; plan: Plan; markers: number }>> {
  const workspace = await deps.db.workspaces.get(req.workspaceId);
  if (!workspace || workspace.deletedAt !== undefined) return fail('not_found', 'That workspace no longer exists.');
  deps.progress('Scanning the repository…');
  const scan = await deps.link.request('scan', { path: workspace.path, extraTags: workspace.extraTags }, { onProgress: (done, total, message) => deps.progress(message ?? 'Scanning…', done, total) });
  if (!scan.ok) return fail(scan.error.code, scan.error.message);
  deps.progress('Planning…');
  const muted = await mutedSignals(deps.db, workspace.id);
  // Items queued for the next session (from the GitHub overlay or by hand) plan like any signal.
  const backlog: Signal[] = (await deps.db.backlog.where('workspaceId').equals(workspace.id).toArray()).map((b) => ({
    id: `backlog:${b.id}`,
    kind: 'backlog',
    title: b.title,
    ...(b.url ? { url: b.url } : {}),
    addedAt: b.createdAt,
  }));
  const signals = [...signalsFromScan(scan.value), ...backlog].filter((s) => !muted.has(s.id));
  const history = await loadOutcomes(deps.db);
  const plan = planOffline({ signals, goal: req.goal, budgetMinutes: req.budgetMinutes, focus: req.focus, history, now: deps.now() });
  if (plan.tasks.length === 0) return fail('empty_plan', plan.notices.join(' ') || 'Nothing to plan: add a goal.');
  const startSignals = {
    markers: scan.value.markers.length,
    failingTests: signals.filter((s) => s.kind === 'failing_test').map((s) => s.id).slice(0, 500),
  };
  const session = await createPlannedSession(deps.db, { workspace, goal: req.goal, budgetMinutes: req.budgetMinutes, focus: req.focus, plan, signals, startSignals }, deps.now(), deps.newId);
  deps.progress('Plan ready.');
  return ok({ sessionId: session.id, plan, markers: scan.value.markers.length });
}
