import { realpathSync, statSync } from 'node:fs';
import type { ErrorBody } from '../../../shared/protocol/errors';
import type { MethodName, MethodResult } from '../../../shared/protocol/methods';
import { runGit } from '../git/run-git';
import { blameLine } from '../scan/marker-blame';
import { scanRepo } from '../scan/scan-repo';
import { runTestCommand } from '../tests-runner/run-test-command';
import type { CompanionState } from '../home/companion-state';
import type { Result } from '../../../shared/result';
import type { LiveScan } from '../watch/live-scan';
import { confineToRoots } from './root-guard';
import { sessionUsage } from '../usage/session-usage-handler';
import type { TaskWindow } from '../../../shared/usage/session-usage';
import { agentHandlers } from '../agents/agent-handlers';
import { analyticsHandlers } from '../analytics/analytics-handlers';
import { backupHandlers } from '../backups/backup-handlers';

export interface RequestContext {
  state: CompanionState;
  signal: AbortSignal;
  progress: (done: number, total: number | undefined, message: string) => void;
  /** Roots with a scan in flight: one scan per root at a time. */
  busyRoots: Set<string>;
  onUnpair: () => void;
  /** Scans kept current by a watcher, by real root (shared by all connections). */
  live: LiveScans;
}

export interface LiveScans {
  get(root: string): LiveScan | undefined;
  start(root: string, extraTags?: readonly string[]): Promise<Result<LiveScan>>;
  stop(root: string): void;
}

export type HandlerOutcome<M extends MethodName> = { ok: true; result: MethodResult<M> } | { ok: false; error: ErrorBody };

type Handler<M extends MethodName> = (params: unknown, ctx: RequestContext) => Promise<HandlerOutcome<M>>;
/** Handlers for some methods; each area of the companion exports one, and `handlers` joins them. */
export type HandlerTable<K extends MethodName> = { [M in K]: Handler<M> };

function roots(ctx: RequestContext): string[] {
  const config = ctx.state.readConfig();
  return config.ok && config.value ? config.value.roots : [];
}

function stillResolvesTo(real: string): boolean {
  try {
    return realpathSync.native(real) === real;
  } catch {
    return false;
  }
}

function failure(code: string, message: string): { ok: false; error: ErrorBody } {
  return { ok: false, error: { code, message } };
}

export const handlers: HandlerTable<MethodName> = {
  ...agentHandlers,
  ...analyticsHandlers,
  ...backupHandlers,
  async ping() {
    return { ok: true, result: { at: Date.now() } };
  },
  async 'roots.list'(_params, ctx) {
    return { ok: true, result: { roots: roots(ctx) } };
  },
  async 'workspace.check'(params, ctx) {
    const { path } = params as { path: string };
    const confined = confineToRoots(path, roots(ctx));
    if (!confined.ok) return failure(confined.error.code, confined.error.message);
    let isDir = false;
    try {
      isDir = statSync(confined.value).isDirectory();
    } catch {
      /* reported below */
    }
    if (!isDir) return failure('not_a_directory', `${path} is not a folder.`);
    const inside = await runGit(['rev-parse', '--is-inside-work-tree'], { cwd: confined.value, timeoutMs: 5_000 });
    const isGitRepo = inside.ok && inside.value.toString('utf8').trim() === 'true';
    // A folder swapped for a link since the check would have answered for somewhere else: say nothing.
    if (!stillResolvesTo(confined.value)) return failure('path_not_allowed', `${path} changed while it was being checked; try again.`);
    return { ok: true, result: { path, realPath: confined.value, isGitRepo } };
  },
  async scan(params, ctx) {
    const { path, extraTags } = params as { path: string; extraTags?: string[] };
    const confined = confineToRoots(path, roots(ctx));
    if (!confined.ok) return failure(confined.error.code, confined.error.message);
    const root = confined.value;
    // A watched workspace's scan is already current: answer at once.
    const live = ctx.live.get(root);
    if (live && live.tagsKey === (extraTags ?? []).join(',')) return { ok: true, result: live.current };
    if (ctx.busyRoots.has(root)) return failure('busy', 'A scan of this folder is already running.');
    ctx.busyRoots.add(root);
    try {
      const result = await scanRepo(root, {
        // A folder swapped for a symlink between the check above and the scan is refused.
        expectRoot: root,
        cacheHome: ctx.state.home,
        extraTags,
        signal: ctx.signal,
        onProgress: (done, total, message) => ctx.progress(done, total || undefined, message),
      });
      if (!result.ok) return failure(result.error.code, result.error.message);
      return { ok: true, result: result.value };
    } finally {
      ctx.busyRoots.delete(root);
    }
  },
  async 'usage.session'(params, ctx) {
    const { path, from, to, tasks } = params as { path: string; from: number; to: number; tasks: TaskWindow[] };
    const confined = confineToRoots(path, roots(ctx));
    if (!confined.ok) return failure(confined.error.code, confined.error.message);
    return { ok: true, result: await sessionUsage({ home: ctx.state.home, root: confined.value, from, to, tasks }) };
  },
  async blame(params, ctx) {
    const { path, file, line } = params as { path: string; file: string; line: number };
    const confined = confineToRoots(path, roots(ctx));
    if (!confined.ok) return failure(confined.error.code, confined.error.message);
    const blamed = await blameLine(confined.value, file, line);
    return blamed.ok ? { ok: true, result: blamed.value } : failure(blamed.error.code, blamed.error.message);
  },
  async watch(params, ctx) {
    const { path, on, extraTags } = params as { path: string; on: boolean; extraTags?: string[] };
    const confined = confineToRoots(path, roots(ctx));
    if (!confined.ok) return failure(confined.error.code, confined.error.message);
    const root = confined.value;
    if (!on) {
      ctx.live.stop(root);
      return { ok: true, result: { watching: false, root } };
    }
    if (!ctx.live.get(root)) {
      const started = await ctx.live.start(root, extraTags);
      if (!started.ok) return failure(started.error.code, started.error.message);
    }
    return { ok: true, result: { watching: true, root } };
  },
  async 'tests.run'(params, ctx) {
    const { path } = params as { path: string };
    const confined = confineToRoots(path, roots(ctx));
    if (!confined.ok) return failure(confined.error.code, confined.error.message);
    const config = ctx.state.readConfig();
    const command = config.ok ? config.value?.testCommands?.[confined.value] : undefined;
    if (!command) {
      return failure('not_configured', `No test command is set for this folder; run "npx sessionpilot tests set ${confined.value} -- <command>" to allow one.`);
    }
    const key = `tests:${confined.value}`;
    if (ctx.busyRoots.has(key)) return failure('busy', 'The tests of this folder are already running.');
    ctx.busyRoots.add(key);
    try {
      const run = await runTestCommand(confined.value, command, {
        signal: ctx.signal,
        onProgress: (lines, last) => ctx.progress(lines, undefined, last),
      });
      return run.ok ? { ok: true, result: run.value } : failure(run.error.code, run.error.message);
    } finally {
      ctx.busyRoots.delete(key);
    }
  },
  async unpair(_params, ctx) {
    ctx.state.removePairing();
    ctx.onUnpair();
    return { ok: true, result: { unpaired: true } };
  },
};
