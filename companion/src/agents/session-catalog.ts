import { realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { AgentKind } from '../../../shared/protocol/agent-methods';
import { claudeFileSessionId, codexFileSessionId, findLogFiles, type LogFile } from '../usage/log-paths';
import type { CodexSources } from './codex-items';
import { codexSourcesOf, indexLogFile, type FileIndex, type Run, type SessionSlice } from './file-index';
import { readFileIndexes, writeFileIndexes } from './index-store';
import { currentUsageKey, sessionKey, sessionUsageTotals, type UsageByKey } from './session-usage-totals';

/** One of a session's log files, with the byte ranges of it that belong to the session. */
export interface SessionFile {
  path: string;
  ino: number;
  dev: number;
  /** Changes when the file is rewritten rather than appended to (see FileIndex.epoch). */
  epoch: string;
  /** A subagent's transcript (Claude Code writes those beside the session's own). */
  sidechain: boolean;
  runs: Run[];
  codexSources: CodexSources | null;
}

/** One agent session as the logs on disk describe it. */
export interface CatalogSession {
  agent: AgentKind;
  sessionId: string;
  /** The folder as logged, and its real path (null when it cannot be made absolute). */
  cwd: string | null;
  realCwd: string | null;
  startedAt: number | null;
  endedAt: number | null;
  title: string;
  userMessages: number;
  lines: number;
  /** The session's own file first, then subagents' transcripts; each read in this order. */
  files: SessionFile[];
}

/** Rebuilding the walk of the log folders at most this often (a list paged quickly walks once). */
const WALK_TTL_MS = 1_000;
/** The index file is written at most this often. */
const INDEX_WRITE_MS = 5_000;
/** Usage imports started by lists run at most this often while the logs keep changing. */
const USAGE_INTERVAL_MS = 5_000;
/** Indexing yields to other requests about this often. */
const SLICE_MS = 40;

/**
 * Real path of a folder that may no longer exist: its deepest existing ancestor resolved, the rest
 * appended, so a link on the way cannot carry it out of the roots unnoticed.
 */
export function realPathDeep(p: string): string | null {
  if (!isAbsolute(p) || p.includes('\0')) return null;
  let cur = resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      const real = realpathSync.native(cur);
      return rest.length ? join(real, ...rest.reverse()) : real;
    } catch {
      const parent = dirname(cur);
      if (parent === cur) return null;
      rest.push(basename(cur));
      cur = parent;
    }
  }
}

const isMain = (index: FileIndex, s: SessionSlice): boolean => index.agent === 'codex' || s.mainLines > 0;
const titleOf = (index: FileIndex, s: SessionSlice): string | null => (index.agent === 'codex' && !index.codex?.responseUser ? s.eventTitle : s.title);
const questionsOf = (index: FileIndex, s: SessionSlice): number => (index.agent === 'codex' && !index.codex?.responseUser ? s.eventUserMessages : s.userMessages);

/**
 * The agent sessions on this machine: a per-file index of the agents' logs (kept under
 * SESSIONPILOT_HOME, re-read only for files that changed, and read on from where it stopped for
 * files that grew), joined with the usage import's totals per session.
 */
export class SessionCatalog {
  private indexes: Map<string, FileIndex> | null = null;
  private walk: { at: number; files: LogFile[]; stats: Map<string, Stats>; notices: string[] } | null = null;
  private sessionsCache: Map<string, CatalogSession> | null = null;
  private usageCache: UsageByKey | null = null;
  private refreshing: Promise<void> | null = null;
  private usageRun: Promise<UsageByKey> | null = null;
  /** The walk the usage totals were made for (a new walk may have found changes). */
  private usageWalk: object | null = null;
  private usageAt = 0;
  private saveTimer: NodeJS.Timeout | null = null;
  private savedAt = 0;
  private readonly realCwds = new Map<string, string | null>();

  constructor(
    readonly home: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Notices from finding the logs (no logs found, a folder named wrong). */
  get notices(): string[] {
    return this.walk?.notices ?? [];
  }

  /** Brings the index up to date with the logs on disk (one refresh at a time; callers share it). */
  refresh(options: { rewalk?: boolean } = {}): Promise<void> {
    if (options.rewalk) this.walk = null;
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const now = Date.now();
    if (!this.walk || now - this.walk.at > WALK_TTL_MS) {
      const found = findLogFiles(this.env);
      const stats = new Map<string, Stats>();
      const files: LogFile[] = [];
      for (const f of found.files) {
        try {
          stats.set(f.path, statSync(f.path));
          files.push(f);
        } catch {
          /* gone since the walk */
        }
      }
      this.walk = { at: now, files, stats, notices: found.notices };
    }
    const indexes = (this.indexes ??= readFileIndexes(this.home));
    let changed = false;
    let sliceStart = Date.now();
    const present = new Set<string>();
    for (const file of this.walk.files) {
      present.add(file.path);
      const st = this.walk.stats.get(file.path)!;
      const prev = indexes.get(file.path) ?? null;
      if (prev && prev.agent === file.agent && prev.size === st.size && prev.mtimeMs === st.mtimeMs && prev.ino === st.ino && prev.dev === st.dev) continue;
      const fallback = file.agent === 'claude' ? claudeFileSessionId(file) : codexFileSessionId(file);
      let next: FileIndex | null;
      try {
        next = indexLogFile(file.path, file.agent, fallback, prev);
      } catch {
        next = null; // unreadable now (a folder named .jsonl, an I/O error): left out until it reads
      }
      if (next) indexes.set(file.path, next);
      else indexes.delete(file.path);
      changed = true;
      if (Date.now() - sliceStart > SLICE_MS) {
        await new Promise<void>((r) => setImmediate(r));
        sliceStart = Date.now();
      }
    }
    for (const path of indexes.keys()) {
      if (!present.has(path)) {
        indexes.delete(path);
        changed = true;
      }
    }
    if (changed || !this.sessionsCache) this.sessionsCache = this.build(indexes);
    if (changed) this.saveSoon();
  }

  /** The index is written at most every INDEX_WRITE_MS (a live session changes it every few seconds); losing a write only means re-reading those files. */
  private saveSoon(): void {
    if (this.saveTimer) return;
    const save = () => {
      this.saveTimer = null;
      this.savedAt = Date.now();
      try {
        if (this.indexes) writeFileIndexes(this.home, this.indexes);
      } catch {
        /* a cache: the next process indexes again */
      }
    };
    const wait = this.savedAt + INDEX_WRITE_MS - Date.now();
    if (wait <= 0) save();
    else {
      this.saveTimer = setTimeout(save, wait);
      this.saveTimer.unref();
    }
  }

  private realCwd(cwd: string | null): string | null {
    if (cwd === null) return null;
    let real = this.realCwds.get(cwd);
    if (real === undefined) {
      real = realPathDeep(cwd);
      if (this.realCwds.size > 50_000) this.realCwds.clear();
      this.realCwds.set(cwd, real);
    }
    return real;
  }

  private build(indexes: Map<string, FileIndex>): Map<string, CatalogSession> {
    type Part = { path: string; index: FileIndex; slice: SessionSlice };
    const parts = new Map<string, Part[]>();
    for (const [path, index] of indexes) {
      for (const slice of index.sessions) {
        const key = sessionKey(index.agent, slice.id);
        let list = parts.get(key);
        if (!list) parts.set(key, (list = []));
        list.push({ path, index, slice });
      }
    }
    const sessions = new Map<string, CatalogSession>();
    const byTime = (a: Part, b: Part) => (a.slice.firstAt ?? Infinity) - (b.slice.firstAt ?? Infinity) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    for (const [key, list] of parts) {
      const main = list.filter((p) => isMain(p.index, p.slice)).sort(byTime);
      const side = list.filter((p) => !isMain(p.index, p.slice)).sort(byTime);
      const first = list[0]!;
      const cwd = main.find((p) => p.slice.cwd !== null)?.slice.cwd ?? side.find((p) => p.slice.cwd !== null)?.slice.cwd ?? null;
      let startedAt: number | null = null;
      let endedAt: number | null = null;
      let lines = 0;
      for (const p of list) {
        if (p.slice.firstAt !== null && (startedAt === null || p.slice.firstAt < startedAt)) startedAt = p.slice.firstAt;
        if (p.slice.lastAt !== null && (endedAt === null || p.slice.lastAt > endedAt)) endedAt = p.slice.lastAt;
        lines += p.slice.lines;
      }
      sessions.set(key, {
        agent: first.index.agent,
        sessionId: first.slice.id,
        cwd,
        realCwd: this.realCwd(cwd),
        startedAt,
        endedAt,
        title: main.map((p) => titleOf(p.index, p.slice)).find((t) => t) ?? '',
        userMessages: main.reduce((n, p) => n + questionsOf(p.index, p.slice), 0),
        lines,
        files: [...main, ...side].map((p) => ({
          path: p.path,
          ino: p.index.ino,
          dev: p.index.dev,
          epoch: p.index.epoch,
          sidechain: !isMain(p.index, p.slice),
          runs: p.slice.runs,
          codexSources: p.index.agent === 'codex' ? codexSourcesOf(p.index) : null,
        })),
      });
    }
    return sessions;
  }

  /** Every session, after a refresh. */
  async sessions(): Promise<Map<string, CatalogSession>> {
    await this.refresh();
    return this.sessionsCache ?? new Map();
  }

  /** One session, its files checked against the disk now (a page must not be read by a stale index). */
  async find(agent: AgentKind, sessionId: string): Promise<CatalogSession | null> {
    const key = sessionKey(agent, sessionId);
    const found = (await this.sessions()).get(key) ?? null;
    if (!found || found.files.every((f) => this.unchanged(f.path))) return found;
    await this.refresh({ rewalk: true });
    return this.sessionsCache?.get(key) ?? null;
  }

  private unchanged(path: string): boolean {
    const index = this.indexes?.get(path);
    try {
      const st = statSync(path);
      return index !== undefined && index.size === st.size && index.mtimeMs === st.mtimeMs && index.ino === st.ino && index.dev === st.dev;
    } catch {
      return false;
    }
  }

  /**
   * Usage per session; the import runs only when a log file changed since the totals were made.
   * The first time it is awaited. After that, changed logs (an agent writing its log changes it
   * every few seconds, and the import then rewrites its whole store) are answered with the last
   * totals at once while an import runs after the reply, at most every USAGE_INTERVAL_MS.
   */
  async usage(): Promise<UsageByKey & { stale: boolean }> {
    await this.refresh();
    const walk = this.walk!;
    const last = this.usageCache;
    if (!last) return { ...(await this.runUsage(walk)), stale: false };
    if (this.usageWalk === walk) return { ...last, stale: false };
    if (currentUsageKey(this.home, walk.files, walk.stats) === last.key) {
      this.usageWalk = walk;
      return { ...last, stale: false };
    }
    if (!this.usageRun && Date.now() - this.usageAt >= USAGE_INTERVAL_MS) {
      const timer = setTimeout(() => void this.runUsage(this.walk ?? walk).catch(() => undefined), 0);
      timer.unref();
    }
    return { ...last, stale: true };
  }

  private runUsage(walk: NonNullable<SessionCatalog['walk']>): Promise<UsageByKey> {
    this.usageRun ??= sessionUsageTotals({ home: this.home, env: this.env, files: walk.files, stats: walk.stats, known: this.usageCache })
      .then((u) => {
        this.usageCache = u;
        this.usageWalk = walk;
        return u;
      })
      .finally(() => {
        this.usageRun = null;
        this.usageAt = Date.now();
      });
    return this.usageRun;
  }
}

const catalogs = new Map<string, SessionCatalog>();

/** The catalog of one SESSIONPILOT_HOME and set of agent log folders, kept for the life of the process. */
export function sessionCatalog(home: string, env: NodeJS.ProcessEnv = process.env): SessionCatalog {
  const key = `${home}\u0000${env.CLAUDE_CONFIG_DIR ?? ''}\u0000${env.CODEX_HOME ?? ''}\u0000${env.HOME ?? ''}\u0000${env.XDG_CONFIG_HOME ?? ''}`;
  let c = catalogs.get(key);
  if (!c) {
    if (catalogs.size >= 16) catalogs.clear();
    catalogs.set(key, (c = new SessionCatalog(home, { ...env })));
  }
  return c;
}
