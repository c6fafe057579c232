import type { GitFailureCode } from '../../git/run-git';
import type { Result } from '../../../../shared/result';
import { parseUpstreamTrack } from './parse-upstream-track';

export type RunInRepo = (args: readonly string[], extraConfig?: readonly string[]) => Promise<Result<Buffer, GitFailureCode>>;

export interface BranchInfo {
  branch: string | null;
  upstream: string | null;
  ahead?: number;
  behind?: number;
}

/**
 * Branch and upstream from refs alone, for when `git status` (which reports them too) could not run.
 * Neither command reads the work tree, so no filter driver or fsmonitor can be involved.
 */
export async function readBranchFromRefs(run: RunInRepo): Promise<BranchInfo> {
  // Exit 1 with --quiet means a detached HEAD.
  const symbolic = await run(['symbolic-ref', '--quiet', 'HEAD']);
  const ref = symbolic.ok ? symbolic.value.toString('utf8').trim() : '';
  if (!ref.startsWith('refs/heads/')) return { branch: null, upstream: null };
  const branch = ref.slice('refs/heads/'.length);
  // The pattern starts with "refs/", so git can never read it as an option.
  const listed = await run(['for-each-ref', '--format=%(upstream:short)%00%(upstream:track,nobracket)', ref]);
  const [upstream = '', track = ''] = listed.ok ? listed.value.toString('utf8').trim().split('\0') : [];
  if (!upstream) return { branch, upstream: null };
  const counts = parseUpstreamTrack(track);
  return counts ? { branch, upstream, ...counts } : { branch, upstream };
}
