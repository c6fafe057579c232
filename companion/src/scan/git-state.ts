import type { GitState } from '../../../shared/domain/scan';
import { filterDriverOverrides, runGit } from '../git/run-git';

/** Branch, head and counts from one `git status --porcelain=v2 --branch -z`. */
export async function readGitState(root: string): Promise<GitState> {
  const extraConfig = await filterDriverOverrides(root);
  // A filter driver we cannot neutralize could run during status: report the repo, skip the rest.
  if (extraConfig === null) return { isRepo: true };
  // `dirty` keeps status out of submodule work trees, whose own filter drivers we never listed.
  const status = await runGit(['status', '--porcelain=v2', '--branch', '-z', '--no-renames', '--untracked-files=normal', '--ignore-submodules=dirty'], {
    cwd: root,
    extraConfig,
  });
  if (!status.ok) return { isRepo: false };
  let branch: string | null = null;
  let head: string | null = null;
  let dirty = 0;
  let untracked = 0;
  for (const entry of status.value.toString('utf8').split('\0')) {
    if (entry.startsWith('# branch.head ')) {
      const name = entry.slice('# branch.head '.length);
      branch = name === '(detached)' ? null : name;
    } else if (entry.startsWith('# branch.oid ')) {
      const oid = entry.slice('# branch.oid '.length);
      head = oid === '(initial)' ? null : oid;
    } else if (entry.startsWith('? ')) untracked++;
    else if (/^[12u] /.test(entry)) dirty++;
  }
  return { isRepo: true, branch, head, dirtyFiles: dirty, untrackedFiles: untracked };
}
