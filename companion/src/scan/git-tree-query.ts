import { statSync } from 'node:fs';
import { join } from 'node:path';
import { filterDriverOverrides, runGit } from '../git/run-git';
import { splitNul } from './git/split-nul';
import { parseStatusPaths, type StatusOutput } from './git/work-tree-status';

/** Where a scan root sits in git: asked once, before anything reads the work tree. */
export interface GitWorkTree {
  root: string;
  gitDir: string;
  /** The root's path from the top of the work tree: '' or ending in '/'. */
  prefix: string;
  /** Overrides that neutralize the repo's filter drivers; null when some driver cannot be reached. */
  extraConfig: string[] | null;
}

/** Null outside a work tree. Two quick commands at once: where the git dir is, and the filter drivers. */
export async function openGitWorkTree(root: string): Promise<GitWorkTree | null> {
  const [where, extraConfig] = await Promise.all([
    runGit(['rev-parse', '--absolute-git-dir', '--show-prefix'], { cwd: root, timeoutMs: 10_000 }),
    filterDriverOverrides(root),
  ]);
  if (!where.ok) return null;
  const [gitDir = '', prefix = ''] = where.value.toString('utf8').split('\n');
  return { root, gitDir, prefix, extraConfig };
}

/** What git says about the tree, before any per-file work: enough to tell whether anything changed. */
export interface GitTreeQuery {
  tree: GitWorkTree;
  /** Untracked-not-ignored files under the root, relative to it. */
  untracked: string[];
  /** Tracked files under the root whose work-tree copy may differ from the index; null when git could not safely be asked. */
  changed: Set<string> | null;
  /** Everything that tells this tree from another: the index's identity, the untracked and changed lists, .git/info/attributes. */
  digest: string;
  /** Files whose content git does not vouch for (untracked, or differing from the index). */
  unvouched: string[];
}

/**
 * What `status` (the shared `git status`, or null when it was not safe to run) says about the files
 * under the root, keyed with `identity` (readIndexIdentity, taken before status started). Null when
 * git cannot list them.
 */
export async function queryGitTree(tree: GitWorkTree, status: Promise<StatusOutput> | null, identity: string | null): Promise<GitTreeQuery | null> {
  const { root, gitDir, prefix } = tree;
  const statusOut = status ? await status : null;
  let untrackedTop: string[];
  let changed: Set<string> | null = null;
  if (statusOut?.ok) {
    const paths = parseStatusPaths(statusOut.value);
    changed = new Set(underRoot(paths.workTreeChanged, prefix));
    untrackedTop = paths.untracked;
  } else {
    // Without status (unsafe or failed) the untracked files come from ls-files, which never compares content.
    const others = await runGit(['ls-files', '-z', '--others', '--exclude-standard', '--', '.'], { cwd: root });
    if (!others.ok) return null;
    untrackedTop = splitNul(others.value).map((f) => prefix + f);
  }
  const untracked = await expandUntracked(root, prefix, untrackedTop);
  if (!untracked) return null;

  // Kept whole rather than hashed: two trees can never share a digest, and no hash module is loaded.
  const parts = [prefix, identity ?? '', untracked.join('\0'), changed ? [...changed].join('\0') : ''];
  // Without status, or without the index's identity, nothing is vouched for: never reuse.
  if (!changed || identity === null) parts.push(`unknown:${Date.now()}:${Math.random()}`);
  try {
    const st = statSync(join(gitDir, 'info', 'attributes'));
    parts.push(`attributes:${st.size}:${st.mtimeMs}`);
  } catch {
    /* no repo-local attributes */
  }
  return { tree, untracked, changed, digest: parts.join('\0\0'), unvouched: [...untracked, ...(changed ?? [])] };
}

/** Paths from the top that lie under the root, made relative to it. */
function underRoot(paths: readonly string[], prefix: string): string[] {
  if (!prefix) return [...paths];
  const out: string[] = [];
  for (const p of paths) if (p.startsWith(prefix) && p.length > prefix.length) out.push(p.slice(prefix.length));
  return out;
}

/** Untracked files under the root: status names a wholly untracked folder once, so list those folders' files. */
async function expandUntracked(root: string, prefix: string, untrackedTop: readonly string[]): Promise<string[] | null> {
  const files: string[] = [];
  const folders: string[] = [];
  for (const p of untrackedTop) {
    if (p.endsWith('/')) {
      if (p.startsWith(prefix)) folders.push(p.slice(prefix.length));
      else if (prefix.startsWith(p)) folders.push(''); // the root lies inside an untracked folder
    } else if (p.startsWith(prefix)) files.push(p.slice(prefix.length));
  }
  if (!folders.length) return files;
  const pathspecs = folders.includes('') ? ['.'] : folders.map((f) => `:(literal)${f}`);
  const listed = await runGit(['ls-files', '-z', '--others', '--exclude-standard', '--', ...pathspecs], { cwd: root });
  if (!listed.ok) return null;
  // One sorted order, as ls-files gives, whichever command named each file.
  return [...files, ...splitNul(listed.value)].sort();
}
