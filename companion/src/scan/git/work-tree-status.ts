import type { Result } from '../../../../shared/result';
import { runGit, type GitFailureCode } from '../../git/run-git';

/**
 * `git status` for both the file set and the git state: one walk of the tree and one lstat pass
 * serve both. `normal` lists a wholly untracked folder once ("dir/"), which is much cheaper than
 * `all` (git need not look into it); the file set asks for such folders' files on its own.
 * `dirty` keeps status out of submodule work trees, whose own filter drivers we never listed.
 */
export function statusArgs(withBranch: boolean): string[] {
  return [
    'status', '--porcelain=v2', ...(withBranch ? ['--branch', '--ahead-behind'] : []), '-z', '--no-renames',
    '--untracked-files=normal', '--ignore-submodules=dirty',
  ];
}

export type StatusOutput = Result<Buffer, GitFailureCode>;

/**
 * Runs status at `cwd` with the filter-driver overrides; null when they could not be made (a driver
 * git's `-c` cannot reach), in which case git must not compare the work tree at all. A markers-only
 * scan of a subfolder asks about that folder alone (`-- .`); paths stay relative to the top.
 */
export function runStatus(cwd: string, extraConfig: readonly string[] | null, options: { withBranch: boolean; onlyHere?: boolean }): Promise<StatusOutput> | null {
  if (extraConfig === null) return null;
  const args = statusArgs(options.withBranch);
  return runGit(options.onlyHere ? [...args, '--', '.'] : args, { cwd, extraConfig });
}

export interface StatusPaths {
  /** Tracked paths whose work-tree file may differ from the index (modified, deleted, unmerged…). */
  workTreeChanged: string[];
  /** Tracked paths with any change, staged or not: all a diff against HEAD can name. */
  changed: string[];
  /** Untracked-not-ignored paths; one ending in `/` is a folder untracked as a whole. */
  untracked: string[];
}

/** Text after the first `n` space-separated fields: the path, which may itself contain spaces. */
function afterFields(entry: string, n: number): string | null {
  let at = 0;
  for (let i = 0; i < n; i++) {
    at = entry.indexOf(' ', at);
    if (at < 0) return null;
    at++;
  }
  return at < entry.length ? entry.slice(at) : null;
}

/** The paths in `git status --porcelain=v2 -z` output, relative to the top of the work tree. */
export function parseStatusPaths(output: Buffer): StatusPaths {
  const paths: StatusPaths = { workTreeChanged: [], changed: [], untracked: [] };
  const entries = output.toString('utf8').split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const kind = entry.slice(0, 2);
    if (kind === '? ') paths.untracked.push(entry.slice(2));
    else if (kind === '1 ' || kind === '2 ' || kind === 'u ') {
      const file = afterFields(entry, kind === '1 ' ? 8 : kind === '2 ' ? 9 : 10);
      if (kind === '2 ') i++; // a rename's original path (not produced with --no-renames)
      if (file === null) continue;
      paths.changed.push(file);
      if (kind === 'u ' || entry[3] !== '.') paths.workTreeChanged.push(file);
    }
  }
  return paths;
}
