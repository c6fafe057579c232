import { BudgetMinutesSchema, FocusWeightsSchema } from '../../../shared/domain/focus';
import type { CompanionLink } from '../companion/companion-link';
import type { SessionPilotDb } from '../db/db';
import { calibrate, calibrationSentences } from '../../../shared/planner/calibration';
import type { Result } from '../../../shared/result';
import { loadClockSettings, saveClockSettings } from '../settings/clock-settings';
import { extendSession, finishTask, loadOutcomes, pauseSession, resumeSession, startTask } from '../sessions/session-actions';
import { runningSession, startSession } from '../sessions/session-store';
import { addTask, dropTask, moveTask, updateTask } from '../sessions/task-edits';
import { reviewSession } from '../sessions/session-review';
import { deleteAgentReview, saveAgentReview } from '../agents/agent-review-store';
import { overlayAdd, overlayState, saveOverlayPill } from '../overlay/overlay-store';
import { overlayRepo } from './overlay-repo';
import { parseGithubUrl } from '../../../shared/github/github-url';
import { mutedSignals, setSignalMuted } from '../workspaces/signal-mutes';
import { planSession } from './planning';
import { githubSignalsFor } from './github-signals';
import { anthropicPort } from '../../../shared/planner/anthropic-port';
import { saveTheme, THEME_KEY } from '../settings/theme';
import { aiSettingsView, anthropicKey, loadAiSettings, saveAiSettings } from '../settings/ai-settings';
import { sessionAgentUsage } from './agent-usage';
import type { SessionRunner } from './session-runner';
import { CONTENT_SCRIPT_ALLOWED, RuntimeRequestSchema, type RuntimeReply, type RuntimeRequest } from '../messages/runtime-messages';
import { deleteWorkspace, restoreWorkspace, saveWorkspace, workspaceImpact, UNDO_WINDOW_MS } from '../workspaces/workspace-store';
import type { SenderContext } from './sender-context';
import { rollingBackupNow } from './rolling-backups';

export interface BackgroundDeps {
  db: SessionPilotDb;
  now: () => number;
  newId: () => string;
  /** Wakes the background to purge deleted workspaces once the undo window has passed. */
  schedulePurge: (at: number) => void;
  link: Pick<CompanionLink, 'status' | 'pair' | 'unpair' | 'retryNow' | 'request'>;
  runner: Pick<SessionRunner, 'sync' | 'endNow'>;
  /** Tells open extension pages about progress. */
  broadcast: (message: unknown) => void;
  /** Opens the dashboard, e.g. at `#plan=<workspaceId>`. */
  openDashboard: (hash?: string) => Promise<void>;
  /** Writes a small value extension pages read at once (storage.local and storage.session). */
  publish: (key: string, value: unknown) => Promise<void>;
  /** Builds the Claude port (tests may pass another). */
  claudePort?: typeof anthropicPort;
}

/** The plan being made, so Cancel can stop it. */
let planInFlight: AbortController | null = null;

/** The snapshot, badge and alarms follow every change to the running session. */
async function afterClockChange(result: Result<unknown>, deps: BackgroundDeps): Promise<RuntimeReply> {
  if (result.ok) await deps.runner.sync();
  return reply(result);
}

function reply(result: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }): RuntimeReply {
  return result.ok ? { ok: true, result: result.value } : { ok: false, error: result.error };
}

async function dispatch(request: RuntimeRequest, deps: BackgroundDeps): Promise<RuntimeReply> {
  switch (request.type) {
    case 'workspace.save': {
      // With the companion connected, a folder that does not exist is refused before anything is stored.
      let notice: string | undefined;
      if (deps.link.status.state === 'connected') {
        const checked = await deps.link.request('workspace.check', { path: request.draft.path.trim() });
        if (!checked.ok && (checked.error.code === 'path_not_found' || checked.error.code === 'not_a_directory')) {
          return { ok: false, error: { code: 'invalid', message: checked.error.message } };
        }
        if (!checked.ok) notice = checked.error.message;
        else if (!checked.value.isGitRepo) notice = 'This folder is not a git repository; markers are still found (honouring .gitignore).';
      } else {
        notice = 'The folder could not be checked because the companion is not connected.';
      }
      const saved = await saveWorkspace(deps.db, { id: request.id, draft: request.draft }, deps.now(), deps.newId);
      return saved.ok ? { ok: true, result: { workspace: saved.value, notice } } : reply(saved);
    }
    case 'workspace.impact':
      return { ok: true, result: await workspaceImpact(deps.db, request.id) };
    case 'workspace.delete': {
      const result = await deleteWorkspace(deps.db, request.id, deps.now());
      if (result.ok) deps.schedulePurge(deps.now() + UNDO_WINDOW_MS);
      return reply(result);
    }
    case 'workspace.restore':
      return reply(await restoreWorkspace(deps.db, request.id));
    case 'overlay.state':
      return { ok: true, result: await overlayState(deps.db, request.url, deps.now()) };
    case 'overlay.add': {
      const added = await overlayAdd(deps.db, request, deps.now(), deps.newId);
      if (added.ok && added.value.added === 'task') await deps.runner.sync();
      return reply(added);
    }
    case 'overlay.done': {
      // Only the task in progress of the running session: a web page cannot name any other.
      const session = await runningSession(deps.db);
      const current = session ? (await deps.db.tasks.where('sessionId').equals(session.id).toArray()).find((t) => t.status === 'in_progress') : undefined;
      if (!session || !current) return { ok: false, error: { code: 'no_task', message: 'No task is in progress.' } };
      const { autoAdvance } = await loadClockSettings(deps.db);
      return afterClockChange(await finishTask(deps.db, { sessionId: session.id, taskId: current.id, outcome: 'done', autoAdvance }, deps.now()), deps);
    }
    case 'overlay.repo':
      return reply(await overlayRepo(request.url, deps));
    case 'overlay.plan': {
      const loc = parseGithubUrl(request.url);
      const state = await overlayState(deps.db, request.url, deps.now());
      if (loc.kind === 'other' || !state.workspace) return { ok: false, error: { code: 'no_workspace', message: 'No workspace is linked to this repository.' } };
      await deps.openDashboard(`plan=${encodeURIComponent(state.workspace.id)}`);
      return { ok: true, result: null };
    }
    case 'overlay.pill':
      await saveOverlayPill(deps.db, request);
      return { ok: true, result: null };
    case 'clock.sync':
      // The popup asks on open: a worker that slept through the deadline ends the session now.
      await deps.runner.sync();
      return { ok: true, result: null };
    case 'companion.status':
      return { ok: true, result: deps.link.status };
    case 'backlog.remove':
      await deps.db.backlog.delete(request.id);
      return { ok: true, result: { removed: request.id } };
    case 'backup.rolling.now':
      return reply(await rollingBackupNow(deps.db, deps.link, deps.now(), true));
    case 'companion.call':
      // The companion validates the params against the method's schema; the link checks the result.
      return reply(await deps.link.request(request.method, request.params as never, { timeoutMs: 60_000 }));
    case 'companion.pair':
      return reply(await deps.link.pair(request.port, request.code));
    case 'companion.unpair':
      return reply(await deps.link.unpair());
    case 'companion.retry':
      await deps.link.retryNow();
      return { ok: true, result: deps.link.status };
    case 'session.plan': {
      const budget = BudgetMinutesSchema.safeParse(request.budgetMinutes);
      if (!budget.success) return { ok: false, error: { code: 'invalid', message: budget.error.issues[0]?.message ?? 'Bad budget.' } };
      const focus = FocusWeightsSchema.safeParse(request.focus);
      if (!focus.success) return { ok: false, error: { code: 'invalid', message: focus.error.issues[0]?.message ?? 'Bad focus weights.' } };
      const key = await anthropicKey(deps.db);
      const ai = await loadAiSettings(deps.db);
      planInFlight?.abort();
      const controller = new AbortController();
      planInFlight = controller;
      try {
        return reply(
          await planSession(
            { workspaceId: request.workspaceId, goal: request.goal, budgetMinutes: budget.data, focus: focus.data },
            {
              db: deps.db,
              link: deps.link,
              now: deps.now,
              newId: deps.newId,
              signal: controller.signal,
              github: (repo) => githubSignalsFor(deps.db, repo),
              progress: (stage, done, total) => deps.broadcast({ type: 'broadcast.progress', scope: 'plan', stage, done, total }),
              // The key stays here, in the background; it goes only to Anthropic or a loopback proxy.
              claude: key
                ? {
                    port: (deps.claudePort ?? anthropicPort)({ apiKey: key, baseURL: ai.baseUrl, browser: true }),
                    model: ai.model,
                    maxTokens: ai.maxTokens,
                    onTask: (task, index) => deps.broadcast({ type: 'broadcast.planTask', task, index }),
                    onRestart: () => deps.broadcast({ type: 'broadcast.planRestart' }),
                  }
                : null,
            },
          ),
        );
      } finally {
        if (planInFlight === controller) planInFlight = null;
      }
    }
    case 'session.start': {
      const started = await startSession(deps.db, request.sessionId, deps.now());
      if (started.ok) {
        await deps.runner.sync();
        // Live signals while the session runs; a companion that is away resumes this on reconnect.
        const workspace = await deps.db.workspaces.get(started.value.workspaceId);
        if (workspace) void deps.link.request('watch', { path: workspace.path, on: true, extraTags: workspace.extraTags });
      }
      return reply(started);
    }
    case 'scan.run': {
      const workspace = await deps.db.workspaces.get(request.workspaceId);
      if (!workspace || workspace.deletedAt !== undefined) return { ok: false, error: { code: 'not_found', message: 'That workspace no longer exists.' } };
      const scanned = await deps.link.request(
        'scan',
        { path: workspace.path, extraTags: workspace.extraTags },
        { onProgress: (done, total, message) => deps.broadcast({ type: 'broadcast.progress', scope: 'scan', stage: message ?? 'Scanning…', done, total }) },
      );
      if (!scanned.ok) return reply(scanned);
      return { ok: true, result: { scan: scanned.value, muted: [...(await mutedSignals(deps.db, workspace.id))] } };
    }
    case 'tests.run': {
      const workspace = await deps.db.workspaces.get(request.workspaceId);
      if (!workspace) return { ok: false, error: { code: 'not_found', message: 'That workspace no longer exists.' } };
      return reply(
        await deps.link.request(
          'tests.run',
          { path: workspace.path },
          {
            timeoutMs: 61 * 60_000,
            onProgress: (done, _total, message) => deps.broadcast({ type: 'broadcast.progress', scope: 'tests', stage: message ?? 'Running tests…', done }),
          },
        ),
      );
    }
    case 'marker.blame': {
      const workspace = await deps.db.workspaces.get(request.workspaceId);
      if (!workspace) return { ok: false, error: { code: 'not_found', message: 'That workspace no longer exists.' } };
      return reply(await deps.link.request('blame', { path: workspace.path, file: request.file, line: request.line }));
    }
    case 'signal.mute':
      return { ok: true, result: { muted: await setSignalMuted(deps.db, request.workspaceId, request.signalId, request.muted) } };
    case 'session.end':
      return reply(await deps.runner.endNow(request.sessionId, request.outcome));
    case 'session.pause':
      return afterClockChange(await pauseSession(deps.db, request.sessionId, deps.now()), deps);
    case 'session.resume':
      return afterClockChange(await resumeSession(deps.db, request.sessionId, deps.now()), deps);
    case 'session.extend':
      return afterClockChange(await extendSession(deps.db, request.sessionId, request.minutes, deps.now()), deps);
    case 'task.finish': {
      const { autoAdvance } = await loadClockSettings(deps.db);
      return afterClockChange(await finishTask(deps.db, { ...request, autoAdvance }, deps.now()), deps);
    }
    case 'task.start':
      return afterClockChange(await startTask(deps.db, request, deps.now()), deps);
    case 'task.update': {
      const { type: _type, taskId, ...patch } = request;
      return afterClockChange(await updateTask(deps.db, taskId, patch, deps.now()), deps);
    }
    case 'task.move':
      return afterClockChange(await moveTask(deps.db, request.taskId, request.toIndex, deps.now()), deps);
    case 'task.add':
      return afterClockChange(await addTask(deps.db, request.sessionId, request, deps.now(), deps.newId), deps);
    case 'session.review':
      return reply(await reviewSession(deps.db, request.sessionId, request.rating, request.note, deps.now()));
    case 'agentReview.save':
      return reply(await saveAgentReview(deps.db, request.review, deps.now()));
    case 'agentReview.delete':
      return reply(await deleteAgentReview(deps.db, request.id));
    case 'task.drop':
      return afterClockChange(await dropTask(deps.db, request.taskId), deps);
    case 'session.usage':
      return reply(await sessionAgentUsage(request.sessionId, deps));
    case 'session.planCancel':
      planInFlight?.abort();
      return { ok: true, result: { cancelled: planInFlight !== null } };
    case 'settings.theme.save':
      await saveTheme(deps.db, request.theme);
      await deps.publish(THEME_KEY, request.theme);
      return { ok: true, result: { theme: request.theme } };
    case 'settings.ai.get':
      return { ok: true, result: await aiSettingsView(deps.db) };
    case 'settings.ai.save': {
      const { type: _type, ...input } = request;
      return reply(await saveAiSettings(deps.db, input));
    }
    case 'settings.clock.get':
      return { ok: true, result: await loadClockSettings(deps.db) };
    case 'settings.clock.save':
      // New warnings take effect on the running session at once.
      return afterClockChange(await saveClockSettings(deps.db, request.settings), deps);
    case 'calibration.get': {
      const calibration = calibrate(await loadOutcomes(deps.db));
      return { ok: true, result: { sentences: calibrationSentences(calibration), samples: calibration.global.samples } };
    }
    default: {
      const unreachable: never = request;
      return { ok: false, error: { code: 'unknown_request', message: `Unknown request ${String(unreachable)}.` } };
    }
  }
}

/** Parses an untrusted runtime message, checks it against the sender's allow-list, and answers it. */
export async function handleRuntimeMessage(raw: unknown, from: SenderContext, deps: BackgroundDeps): Promise<RuntimeReply> {
  if (from === 'foreign') return { ok: false, error: { code: 'forbidden', message: 'Messages from outside SessionPilot are ignored.' } };
  const parsed = RuntimeRequestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: { code: 'bad_request', message: 'The request was not understood.' } };
  if (from === 'github_content_script' && !CONTENT_SCRIPT_ALLOWED.has(parsed.data.type)) {
    return { ok: false, error: { code: 'forbidden', message: 'That request is not allowed from a web page.' } };
  }
  try {
    return await dispatch(parsed.data, deps);
  } catch (err) {
    return { ok: false, error: { code: 'internal', message: `Something went wrong while saving: ${(err as Error).message}` } };
  }
}

