import type { GitState } from '../../../shared/domain/scan';
import { redactSecrets } from '../../../shared/text/redact';
import { filterDriverOverrides, runGit } from '../git/run-git';
import { detectOperation } from './git/operation';
import { parseShortstat } from './git/parse-diff-stat';
import { LOG_FORMAT, parseLog } from './git/parse-log';
import { parsePorcelainV2, type PorcelainStatus } from './git/parse-status';
import { readBranchFromRefs, type RunInRepo } from './git/read-branch';

const RECENT_COMMITS = 20;

// `dirty` keeps status and diff out of submodule work trees, whose own filter drivers we never listed.
const STATUS_ARGS = [
  'status', '--porcelain=v2', '--branch', '--ahead-behind', '-z', '--no-renames', '--untracked-files=normal', '--ignore-submodules=dirty',
];
const LOG_ARGS = ['log', '-z', `--max-count=${RECENT_COMMITS}`, '--encoding=UTF-8', `--format=${LOG_FORMAT}`, '--end-of-options', 'HEAD', '--'];
// --ignore-missing turns "no stash yet" into a count of 0 instead of an error.
const STASH_ARGS = ['rev-list', '--walk-reflogs', '--count', '--ignore-missing', '--end-of-options', 'refs/stash', '--'];
// --no-relative: a `diff.relative` setting would otherwise count only the folder git runs in, unlike status.
const diffArgs = (base: string) => [
  'diff', '--shortstat', '--no-ext-diff', '--no-textconv', '--no-renames', '--no-relative', '--ignore-submodules=dirty', '--end-of-options', base, '--',
];

export const STATUS_SKIPPED = 'git status was skipped: this repo configures a filter driver that cannot be safely disabled.';

const problem = (what: string, message: string) => redactSecrets(`${what} (${message.replace(/\.$/, '')}).`);

/**
 * Everything git says about the work tree at `root`: branch and upstream, changed files, stash,
 * recent commits, diff stat and any operation in progress. Independent commands run in parallel;
 * a part that fails adds one sentence to `problems` and the rest is still delivered. Never throws.
 */
export async function readGitState(root: string): Promise<GitState> {
  const run: RunInRepo = (args, extraConfig) => runGit(args, { cwd: root, extraConfig });
  let headPromise: Promise<string | null> | undefined;
  const resolveHead = () =>
    (headPromise ??= run(['rev-parse', '--verify', '--quiet', 'HEAD']).then((r) => (r.ok ? r.value.toString('utf8').trim() || null : null)));

  const overrides = filterDriverOverrides(root);
  const gitDir = run(['rev-parse', '--absolute-git-dir']);
  const [dir, extraConfig, status, diff, log, stash, operation] = await Promise.all([
    gitDir,
    overrides,
    overrides.then((config) => (config === null ? null : run(STATUS_ARGS, config))),
    overrides.then((config) => (config === null ? null : run(diffArgs('HEAD'), config))),
    run(LOG_ARGS),
    run(STASH_ARGS),
    gitDir.then((r) => (r.ok ? detectOperation(r.value.toString('utf8').trim()) : null)),
  ]);
  if (!dir.ok) {
    return /not a git repository/i.test(dir.error.message)
      ? { isRepo: false }
      : { isRepo: false, problems: [problem('git could not open this folder', dir.error.message)] };
  }

  const problems: string[] = [];
  let parsed: PorcelainStatus | null = null;
  if (status === null) problems.push(STATUS_SKIPPED);
  else if (!status.ok) problems.push(problem('The changed files could not be listed', status.error.message));
  else parsed = parsePorcelainV2(status.value.toString('utf8'));

  const branchInfo = parsed ?? (await readBranchFromRefs(run));
  const head = parsed ? parsed.head : await resolveHead();
  const state: GitState = {
    isRepo: true,
    branch: branchInfo.branch,
    head,
    upstream: branchInfo.upstream,
    ...(branchInfo.ahead !== undefined && { ahead: branchInfo.ahead, behind: branchInfo.behind }),
    ...(parsed && {
      staged: parsed.staged,
      unstaged: parsed.unstaged,
      untracked: parsed.untracked,
      conflicted: parsed.conflicted,
      counts: parsed.counts,
      dirtyFiles: parsed.changedTracked,
      untrackedFiles: parsed.counts.untracked,
    }),
  };

  if (stash.ok) state.stashCount = Number(stash.value.toString('utf8').trim()) || 0;
  else problems.push(problem('The stash could not be counted', stash.error.message));

  // An unborn branch has no commits to list and nothing to diff against but the empty tree.
  if (log.ok) state.recentCommits = parseLog(log.value.toString('utf8'));
  else if (head === null) state.recentCommits = [];
  else problems.push(problem('The recent commits could not be read', log.error.message));

  if (diff !== null && extraConfig !== null) {
    const stat = !diff.ok && head === null ? await diffAgainstEmptyTree(run, extraConfig) : diff;
    if (stat.ok) state.diffStat = parseShortstat(stat.value.toString('utf8'));
    else problems.push(problem('The diff stat could not be computed', stat.error.message));
  }

  state.operation = operation;
  if (problems.length) state.problems = problems;
  return state;
}

async function diffAgainstEmptyTree(run: RunInRepo, extraConfig: readonly string[]): ReturnType<RunInRepo> {
  // hash-object names the empty tree in the repo's own hash (SHA-1 or SHA-256) without writing it.
  const tree = await run(['hash-object', '-t', 'tree', '--no-filters', '--stdin']);
  return tree.ok ? run(diffArgs(tree.value.toString('utf8').trim()), extraConfig) : tree;
}
