import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';

export type Agent = 'claude' | 'codex';

/** A log file found on disk, with the folder its relative session id is taken from. */
export interface LogFile {
  agent: Agent;
  path: string;
  /** The folder the agent's logs live in (`…/projects` or `…/sessions`). */
  root: string;
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  return p === '~' ? homeOf(env) : p.startsWith('~/') ? join(homeOf(env), p.slice(2)) : p;
}

/**
 * Claude Code's `projects/` folders: each entry of CLAUDE_CONFIG_DIR (comma-separated; an entry may
 * name the `projects/` folder itself), else `$XDG_CONFIG_HOME/claude` (default ~/.config/claude)
 * and ~/.claude — the places Claude Code and ccusage use.
 */
export function claudeProjectDirs(env: NodeJS.ProcessEnv): { dirs: string[]; looked: string[] } {
  const configured = env.CLAUDE_CONFIG_DIR;
  const candidates =
    configured !== undefined && configured.trim() !== ''
      ? configured.split(',').map((s) => s.trim()).filter(Boolean).map((s) => expandHome(s, env))
      : [join(env.XDG_CONFIG_HOME || join(homeOf(env), '.config'), 'claude'), join(homeOf(env), '.claude')];
  const dirs: string[] = [];
  const looked: string[] = [];
  for (const c of candidates) {
    const projects = basename(c) === 'projects' && isDir(c) ? c : join(c, 'projects');
    looked.push(projects);
    if (isDir(projects) && !dirs.includes(projects)) dirs.push(projects);
  }
  return { dirs, looked };
}

/** Codex's `sessions/` and `archived_sessions/` under CODEX_HOME (default ~/.codex). */
export function codexSessionDirs(env: NodeJS.ProcessEnv): { dirs: string[]; looked: string[] } {
  const home = env.CODEX_HOME && env.CODEX_HOME.trim() !== '' ? expandHome(env.CODEX_HOME.trim(), env) : join(homeOf(env), '.codex');
  const looked = [join(home, 'sessions'), join(home, 'archived_sessions')];
  return { dirs: looked.filter(isDir), looked };
}

function collectJsonl(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) collectJsonl(p, out);
    else if (e.name.endsWith('.jsonl') && (e.isFile() || (e.isSymbolicLink() && !isDir(p)))) out.push(p);
  }
}

/** Every agent log file, Claude's sorted by path (ccusage's order, which deduplication depends on). */
export function findLogFiles(env: NodeJS.ProcessEnv): { files: LogFile[]; notices: string[] } {
  const claude = claudeProjectDirs(env);
  const codex = codexSessionDirs(env);
  const notices: string[] = [];
  if (claude.dirs.length === 0 && codex.dirs.length === 0) {
    notices.push(`no agent logs found (looked in ${[...claude.looked, ...codex.looked].join(', ')})`);
  } else if (claude.dirs.length === 0 && env.CLAUDE_CONFIG_DIR?.trim()) {
    notices.push(`CLAUDE_CONFIG_DIR names no folder with a projects/ folder (looked in ${claude.looked.join(', ')})`);
  }
  const files: LogFile[] = [];
  for (const [agent, dirs] of [['claude', claude.dirs], ['codex', codex.dirs]] as const) {
    for (const root of dirs) {
      const paths: string[] = [];
      collectJsonl(root, paths);
      for (const path of paths) files.push({ agent, path, root });
    }
  }
  files.sort((a, b) => (a.agent === b.agent ? (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) : a.agent === 'claude' ? -1 : 1));
  return { files, notices };
}

/**
 * The session a Claude transcript belongs to when its lines carry no sessionId:
 * `projects/<p>/<id>.jsonl` → id; `…/<id>/subagents/<f>.jsonl` → id; else the parent folder.
 */
export function claudeFileSessionId(file: LogFile): string {
  const parts = relative(file.root, file.path).split(sep);
  const name = parts[parts.length - 1]!.replace(/\.jsonl$/, '');
  if (parts.length === 2 && name) return name;
  if (parts.length >= 4 && parts[parts.length - 2] === 'subagents') return parts[parts.length - 3]!;
  return parts.length >= 2 ? parts[parts.length - 2]! : basename(dirname(file.path));
}

/** Codex's session id when a log has no session_meta: its path under the sessions folder, no extension. */
export function codexFileSessionId(file: LogFile): string {
  return relative(file.root, file.path).replace(/\.jsonl$/, '').split(sep).join('/') || 'unknown';
}
