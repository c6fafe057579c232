import { remainingMs } from '../../../shared/clock/session-clock';
import { actualMinutesByTask } from '../../../shared/clock/task-time';
import { parseGithubUrl, repoKey, type GithubLocation } from '../../../shared/github/github-url';
import type { Task, TaskCategory } from '../../../shared/domain/task';
import { calibrate, ratioFor } from '../../../shared/planner/calibration';
import { categoryFromLabels } from '../../../shared/planner/candidates';
import { fail, ok, type Result } from '../../../shared/result';
import type { SessionPilotDb, SignalRow, WorkspaceRow } from '../db/db';
import { loadOutcomes } from '../sessions/session-actions';
import { runningSession } from '../sessions/session-store';

/** What the GitHub overlay may know: the running session's clock and tasks, and what SessionPilot knows of this page. No keys, no tokens, no paths. */
export interface OverlayState {
  session: {
    id: string;
    goal: string;
    status: 'active' | 'paused';
    deadlineAt: number;
    pausedAt?: number;
    currentTask: { id: string; title: string; estimateMinutes: number } | null;
    nextTask: { title: string } | null;
    tasksDone: number;
    tasksTotal: number;
  } | null;
  /** This issue or PR in SessionPilot: in today's plan (with minutes left of its time box), done, or queued. */
  item: { status: 'planned' | 'in_progress' | 'done' | 'skipped' | 'queued'; taskTitle: string; minutesLeft?: number; estimateMinutes?: number } | null;
  /** The workspace linked to this page's repo, if any. */
  workspace: { id: string; name: string } | null;
  pill: OverlayPill | null;
}

export interface OverlayPill {
  right: number;
  bottom: number;
  collapsed: boolean;
}

export const PILL_KEY = 'overlayPill';

export interface AddRequest {
  url: string;
  title: string;
  labels: string[];
  /** A failing check on a PR page to fix, or the PR's requested review. */
  check?: string;
  review?: boolean;
}

type ItemLocation = Extract<GithubLocation, { kind: 'issue' | 'pr' }>;

export function sourceIdOf(loc: ItemLocation, extra: { check?: string; review?: boolean } = {}): string {
  const base = `${loc.kind === 'issue' ? 'gh-issue' : 'gh-pr'}:${loc.owner}/${loc.repo}#${loc.number}`;
  if (extra.check) return `${base}:check:${extra.check}`;
  if (extra.review) return `${base}:review`;
  return base;
}

async function linkedWorkspace(db: SessionPilotDb, owner: string, repo: string): Promise<WorkspaceRow | undefined> {
  const key = repoKey(owner, repo);
  return (await db.workspaces.toArray()).find((w) => w.deletedAt === undefined && w.githubRepo !== undefined && w.githubRepo.toLowerCase() === key);
}

async function orderedTasks(db: SessionPilotDb, sessionId: string): Promise<Task[]> {
  return db.tasks.where('[sessionId+order]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray();
}

/** The overlay's picture of the running session and of the page at `url`. */
export async function overlayState(db: SessionPilotDb, url: string, now: number): Promise<OverlayState> {
  const loc = parseGithubUrl(url);
  const session = await runningSession(db);
  const pillRow = (await db.settings.get(PILL_KEY))?.value as Partial<OverlayPill> | undefined;
  const pill =
    pillRow && typeof pillRow.right === 'number' && typeof pillRow.bottom === 'number'
      ? { right: pillRow.right, bottom: pillRow.bottom, collapsed: pillRow.collapsed === true }
      : null;
  const workspaceRow = loc.kind === 'other' ? undefined : await linkedWorkspace(db, loc.owner, loc.repo);
  const state: OverlayState = { session: null, item: null, workspace: workspaceRow ? { id: workspaceRow.id, name: workspaceRow.name } : null, pill };
  let tasks: Task[] = [];
  if (session && session.deadlineAt !== undefined && (session.status === 'active' || session.status === 'paused')) {
    tasks = await orderedTasks(db, session.id);
    const current = tasks.find((t) => t.status === 'in_progress') ?? null;
    const next = tasks.find((t) => t.status === 'pending') ?? null;
    state.session = {
      id: session.id,
      goal: session.goal,
      status: session.status,
      deadlineAt: session.deadlineAt,
      ...(session.pausedAt !== undefined ? { pausedAt: session.pausedAt } : {}),
      currentTask: current ? { id: current.id, title: current.title, estimateMinutes: current.estimateMinutes } : null,
      nextTask: next ? { title: next.title } : null,
      tasksDone: tasks.filter((t) => t.status === 'done').length,
      tasksTotal: tasks.length,
    };
  }
  if (loc.kind === 'issue' || loc.kind === 'pr') {
    const source = sourceIdOf(loc);
    const task = tasks.find((t) => t.sources.includes(source));
    if (task && state.session) {
      const worked = actualMinutesByTask(await db.events.where('sessionId').equals(state.session.id).toArray(), now).get(task.id) ?? 0;
      const left = Math.max(0, Math.min(Math.round(task.estimateMinutes - worked), Math.ceil(remainingMs(state.session, now) / 60_000)));
      const status = task.status === 'pending' ? 'planned' : task.status === 'review' ? 'in_progress' : task.status;
      state.item = { status, taskTitle: task.title, minutesLeft: left, estimateMinutes: task.estimateMinutes };
    } else if (workspaceRow) {
      const queued = (await db.backlog.where('workspaceId').equals(workspaceRow.id).toArray()).find((b) => b.url === canonicalUrl(loc));
      if (queued) state.item = { status: 'queued', taskTitle: queued.title };
    }
  }
  return state;
}

export function canonicalUrl(loc: ItemLocation): string {
  return `https://github.com/${loc.owner}/${loc.repo}/${loc.kind === 'issue' ? 'issues' : 'pull'}/${loc.number}`;
}

const ISSUE_MINUTES: Record<TaskCategory, number> = { bug: 30, feature: 45, refactor: 30, other: 30 };

function cut(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * "Add to session": with a session running, a task linked to the issue or PR (category from its
 * labels, estimate from calibration); with none, an item on the backlog of the workspace linked to
 * this repo, for the next plan. Adding the same thing twice adds it once.
 */
export async function overlayAdd(
  db: SessionPilotDb,
  req: AddRequest,
  now: number,
  newId: () => string,
): Promise<Result<{ added: 'task' | 'backlog' | 'already'; message: string }, 'not_an_item' | 'no_workspace'>> {
  const loc = parseGithubUrl(req.url);
  if (loc.kind !== 'issue' && loc.kind !== 'pr') return fail('not_an_item', 'Only issues and pull requests can be added to a session.');
  const title = cut(req.title || `${loc.kind === 'issue' ? 'Issue' : 'PR'} #${loc.number}`, 200);
  const labelled = categoryFromLabels(req.labels);
  let category: TaskCategory;
  let base: number;
  let taskTitle: string;
  if (req.check) {
    [category, base, taskTitle] = ['bug', 25, `Fix the failing check "${cut(req.check, 100)}" on PR #${loc.number}`];
  } else if (req.review) {
    [category, base, taskTitle] = ['other', 20, `Review PR #${loc.number}: ${title}`];
  } else if (loc.kind === 'issue') {
    category = labelled ?? 'feature';
    [base, taskTitle] = [ISSUE_MINUTES[category], `Issue #${loc.number}: ${title}`];
  } else {
    category = labelled ?? 'other';
    [base, taskTitle] = [20, `PR #${loc.number}: ${title}`];
  }
  const source = sourceIdOf(loc, req);
  const url = canonicalUrl(loc);
  return db.transaction('rw', [db.sessions, db.tasks, db.events, db.signals, db.backlog, db.workspaces, db.settings], async () => {
    const session = await runningSession(db);
    if (session) {
      const tasks = await orderedTasks(db, session.id);
      if (tasks.some((t) => t.sources.includes(source))) return ok({ added: 'already' as const, message: 'Already in today’s plan.' });
      const ratio = ratioFor(calibrate(await loadOutcomes(db)), category, loc.kind === 'issue' ? 'github_issue' : 'github_pr');
      const estimateMinutes = Math.min(240, Math.max(5, Math.round(base * ratio)));
      const task: Task = {
        id: newId(),
        sessionId: session.id,
        order: (tasks.at(-1)?.order ?? -1) + 1,
        title: cut(taskTitle, 300),
        category,
        estimateMinutes,
        rationale: `Added from ${url}${req.labels.length ? ` (labels: ${req.labels.slice(0, 10).join(', ')})` : ''}.`,
        sources: [source],
        status: 'pending',
        notes: '',
        createdAt: now,
        updatedAt: now,
      };
      const signal: SignalRow = { id: `${session.id}/${source}`, sessionId: session.id, kind: loc.kind === 'issue' ? 'github_issue' : 'github_pr', number: loc.number, title, url, labels: req.labels.slice(0, 30) };
      await db.tasks.add(task);
      await db.signals.put(signal);
      await db.events.add({ sessionId: session.id, at: now, type: 'task_added', taskId: task.id });
      return ok({ added: 'task' as const, message: `Added to today’s plan (${estimateMinutes} min).` });
    }
    const workspace = await linkedWorkspace(db, loc.owner, loc.repo);
    if (!workspace) return fail('no_workspace', `No session is running and no workspace is linked to ${loc.owner}/${loc.repo}: link one in the dashboard to queue items for it.`);
    const queued = await db.backlog.where('workspaceId').equals(workspace.id).toArray();
    if (queued.some((b) => b.url === url && b.title === taskTitle)) return ok({ added: 'already' as const, message: `Already queued for your next session in ${workspace.name}.` });
    await db.backlog.add({ id: newId(), workspaceId: workspace.id, title: cut(taskTitle, 300), url, createdAt: now });
    return ok({ added: 'backlog' as const, message: `No session is running: queued for your next session in ${workspace.name}.` });
  });
}

/** Remembers where the user dragged the pill and whether it is folded. */
export async function saveOverlayPill(db: SessionPilotDb, pill: OverlayPill): Promise<void> {
  await db.settings.put({ key: PILL_KEY, value: { right: Math.round(pill.right), bottom: Math.round(pill.bottom), collapsed: pill.collapsed } });
}
