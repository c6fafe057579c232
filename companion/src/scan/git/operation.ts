import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitState } from '../../../../shared/domain/scan';

export type GitOperation = NonNullable<GitState['operation']>;

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The operation the user is in the middle of, from the marker files git leaves in its (per-worktree)
 * git dir. A rebase wins over the merge or cherry-pick it is made of; bisect comes last because it
 * can stay open underneath the others. `git am` also uses rebase-apply/ and is not a rebase: null.
 */
export async function detectOperation(gitDir: string): Promise<GitOperation | null> {
  const [rebaseMerge, rebaseApply, applying, merge, cherryPick, revert, bisect] = await Promise.all(
    ['rebase-merge', 'rebase-apply', 'rebase-apply/applying', 'MERGE_HEAD', 'CHERRY_PICK_HEAD', 'REVERT_HEAD', 'BISECT_LOG'].map((name) =>
      exists(join(gitDir, name)),
    ),
  );
  if (rebaseMerge || (rebaseApply && !applying)) return 'rebase';
  if (merge) return 'merge';
  if (cherryPick) return 'cherry-pick';
  if (revert) return 'revert';
  if (bisect) return 'bisect';
  return null;
}
