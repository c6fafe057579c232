import type { GitState } from '../../../shared/domain/scan';
import { ok } from '../../../shared/result';
import { redactSecrets } from '../../../shared/text/redact';
import { filterDriverOverrides, runGit } from '../git/run-git';
import { detectOperation } from './git/operation';
import { parseShortstat } from './git/parse-diff-stat';
import { LOG_FORMAT, parseLog } from './git/parse-log';
import { parsePorcelainV2, type PorcelainStatus } from './git/parse-status';
import { readBranchFromRefs, type RunInRepo } from './git/read-branch';
import { parseStatusPaths, statusArgs, type StatusOutput } from './git/work-tree-status';

const RECENT_COMMITS = 20;
/** Above this many changed paths, the diff stat is asked for the whole tree rather than path by path. */
const DIFF_PATHS_LIMIT = 1_000;
const DIFF_PATHS_CHARS = 100_000;
const LOG_ARGS = ['log', '-z', `--max-count=${RECENT_COMMITS}`, '--encoding=UTF-8', `--format=${LOG_FORMAT}`, '--end-of-options', 'HEAD', '--'];
// --ignore-missing turns "no stash yet" into a count of 0 instead of an error.
const STASH_ARGS = ['rev-list', '--walk-reflogs', '--count', '--ignore-missing', '--end-of-options', 'refs/stash', '--'];
// --no-relative: a `diff.relative` setting would otherwise count only the folder git runs in, unlike status.
// `dirty` keeps the diff out of submodule work trees, whose own filter drivers we never listed.
const diffArgs = (base: string, pathspecs: readonly string[]) => [
  'diff', '--shortstat', '--no-ext-diff', '--no-textconv', '--no-renames', '--no-relative', '--ignore-submodules=dirty', '--end-of-options', base, '--',
  ...pathspecs,
];

/** What the scan already asked git, so the git state does not ask again (one status for both). */
export interface SharedGitAnswers {
  gitDir: string;
  /** Filter-driver overrides; null when status was not safe to run. */
  extraConfig: string[] | null;
  /** `git status` run with statusArgs(true); null when it was not safe to run. */
  status: Promise<StatusOutput> | null;
}

/**
 * Only the paths status names as changed can differ from HEAD, so the diff stat need look at no
 * other file (a diff of the whole tree stats every file once more). Null: diff the whole tree.
 */
function diffPathspecs(status: StatusOutput | null): string[] | null {
  if (!status?.ok) return null;
  const changed = parseStatusPaths(status.value).changed;
  if (changed.length > DIFF_PATHS_LIMIT) return null;
  const specs = changed.map((p) => `:(top,literal)${p}`);
  return specs.reduce((n, s) => n + s.length, 0) > DIFF_PATHS_CHARS ? null : specs;
}

export const STATUS_SKIPPED = 'git status was skipped: this repo configures a filter driver that cannot be safely disabled.';

const problem = (what: string, message: string) => redactSecrets(`${what} (${message.replace(/\.$/, '')}).`);

/**
 * Everything git says about the work tree at `root`: branch and upstream, changed files, stash,
 * recent commits, diff stat and any operation in progress. Independent commands run in parallel;
 * a part that fails adds one sentence to `problems` and the rest is still delivered. Never throws.
 */
export async function readGitState(root: string, shared?: SharedGitAnswers): Promise<GitState> {
  const run: RunInRepo = (args, extraConfig) => runGit(args, { cwd: root, extraConfig });
  let headPromise: Promise<string | null> | undefined;
  const resolveHead = () =>
    (headPromise ??= run(['rev-parse', '--verify', '--quiet', 'HEAD']).then((r) => (r.ok ? r.value.toString('utf8').trim() || null : null)));

  const overrides = shared ? Promise.resolve(shared.extraConfig) : filterDriverOverrides(root);
  const gitDir = shared ? Promise.resolve(ok(Buffer.from(shared.gitDir))) : run(['rev-parse', '--absolute-git-dir']);
  const statusRun = shared ? Promise.resolve(shared.status) : overrides.then((config) => (config === null ? null : run(statusArgs(true), config)));
  let pathspecs: readonly string[] = [];
  const [dir, extraConfig, status, diff, log, stash, operation] = await Promise.all([
    gitDir,
    overrides,
    statusRun,
    Promise.all([overrides, statusRun]).then(([config, pending]) => {
      if (config === null) return null;
      const specs = diffPathspecs(pending);
      if (specs === null) return run(diffArgs('HEAD', []), config);
      // Status names no changed path: nothing differs from HEAD.
      if (specs.length === 0) return ok(Buffer.alloc(0));
      pathspecs = specs;
      return run(diffArgs('HEAD', specs), config);
    }),
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
    const stat = !diff.ok && head === null ? await diffAgainstEmptyTree(run, extraConfig, pathspecs) : diff;
    if (stat.ok) state.diffStat = parseShortstat(stat.value.toString('utf8'));
    else problems.push(problem('The diff stat could not be computed', stat.error.message));
  }

  state.operation = operation;
  if (problems.length) state.problems = problems;
  return state;
}

async function diffAgainstEmptyTree(run: RunInRepo, extraConfig: readonly string[], pathspecs: readonly string[]): ReturnType<RunInRepo> {
  // hash-object names the empty tree in the repo's own hash (SHA-1 or SHA-256) without writing it.
  const tree = await run(['hash-object', '-t', 'tree', '--no-filters', '--stdin']);
  return tree.ok ? run(diffArgs(tree.value.toString('utf8').trim(), pathspecs), extraConfig) : tree;
}
