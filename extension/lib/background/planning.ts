import type { FocusWeights } from '../../../shared/domain/focus';
import type { Signal } from '../../../shared/domain/signal';
import { planWithClaude, type ClaudePort } from '../../../shared/planner/claude-planner';
import { planOffline } from '../../../shared/planner/offline-planner';
import type { Session } from '../../../shared/domain/session';
import type { PlannedTask } from '../../../shared/domain/task';
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
  /** Claude, when the user has set a key: the port, model and limits, plus where streamed tasks go. */
  claude?: {
    port: ClaudePort;
    model: string;
    maxTokens: number;
    onTask: (task: PlannedTask, index: number) => void;
    onRestart: () => void;
  } | null;
  /** Cancels the plan (a click on Cancel): nothing half-made is stored. */
  signal?: AbortSignal;
  /** GitHub signals for a workspace linked to owner/repo; failures come back as notices. */
  github?: (repo: string) => Promise<{ signals: Signal[]; notices: string[]; commits?: Array<{ title: string; author: string | null }> }>;
}

/** Scan (through the companion) → Claude's streamed plan (or the offline one) → a stored session waiting for the user to start it. */
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
  let github: { signals: Signal[]; notices: string[]; commits?: Array<{ title: string; author: string | null }> } = { signals: [], notices: [] };
  if (workspace.githubRepo && deps.github) {
    deps.progress(`Asking GitHub about ${workspace.githubRepo}…`);
    github = await deps.github(workspace.githubRepo);
  }
  const signals = [...signalsFromScan(scan.value), ...github.signals, ...backlog].filter((s) => !muted.has(s.id));
  const history = await loadOutcomes(deps.db);
  const input = { signals, goal: req.goal, budgetMinutes: req.budgetMinutes, focus: req.focus, history, now: deps.now() };
  let plan: Plan;
  let aiUsage: Session['aiUsage'];
  if (deps.claude) {
    const result = await planWithClaude({ ...input, ...(github.commits?.length ? { recentCommits: github.commits } : {}) }, {
      port: deps.claude.port,
      model: deps.claude.model,
      maxTokens: deps.claude.maxTokens,
      ...(deps.signal ? { signal: deps.signal } : {}),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      onStage: (stage) => deps.progress(stage),
      onTask: deps.claude.onTask,
      onRestart: deps.claude.onRestart,
    });
    if (result.cancelled) return fail('cancelled', 'Planning was cancelled; nothing was saved.');
    plan = result.plan;
    aiUsage = { model: deps.claude.model, ...result.usage };
  } else {
    plan = planOffline(input);
  }
  if (deps.signal?.aborted) return fail('cancelled', 'Planning was cancelled; nothing was saved.');
  if (github.notices.length) plan = { ...plan, notices: [...github.notices, ...plan.notices] };
  if (plan.tasks.length === 0) return fail('empty_plan', plan.notices.join(' ') || 'Nothing to plan: add a goal.');
  const startSignals = {
    markers: scan.value.markers.length,
    failingTests: signals.filter((s) => s.kind === 'failing_test').map((s) => s.id).slice(0, 500),
  };
  const session = await createPlannedSession(deps.db, { workspace, goal: req.goal, budgetMinutes: req.budgetMinutes, focus: req.focus, plan, signals, startSignals, ...(aiUsage ? { aiUsage } : {}) }, deps.now(), deps.newId);
  deps.progress('Plan ready.');
  return ok({ sessionId: session.id, plan, markers: scan.value.markers.length });
}
