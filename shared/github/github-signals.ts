import type { Signal } from '../domain/signal';
import type { CheckRunsPayload, CombinedStatusPayload, CommitPayload, IssuePayload, PullPayload, ReviewThreadsPayload } from './github-payloads';

/** Pure: GitHub payloads (already parsed) to the signals a plan cites. No network here. */

export type GithubItemSignal = Extract<Signal, { kind: 'github_issue' | 'github_pr' }>;
export type ChecksState = 'failing' | 'pending' | 'passing';

/** A recent commit on the default branch: context for the plan, not a task. */
export interface GithubCommit {
  sha: string;
  /** The first line of the message. */
  title: string;
  author: string | null;
  /** Epoch ms; null when GitHub gave no date. */
  committedAt: number | null;
  url: string;
}

const FAILING = new Set(['failure', 'error', 'cancelled', 'timed_out', 'action_required', 'startup_failure']);
const PENDING = new Set(['queued', 'in_progress', 'pending', 'waiting', 'requested', 'expected']);

function timestamp(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

function sameLogin(a: string, b: string | null): boolean {
  return b !== null && a.toLowerCase() === b.toLowerCase();
}

/** Open issues (PRs the issues endpoint also lists are skipped), the user's assigned ones first. */
export function issueSignals(repo: string, issues: readonly IssuePayload[], login: string | null): GithubItemSignal[] {
  const seen = new Set<number>();
  const out: GithubItemSignal[] = [];
  for (const issue of issues) {
    if (issue.pull_request || issue.state !== 'open' || seen.has(issue.number)) continue;
    seen.add(issue.number);
    const assignees = [...(issue.assignees ?? []), ...(issue.assignee ? [issue.assignee] : [])];
    const updatedAt = timestamp(issue.updated_at);
    out.push({
      id: `gh-issue:${repo}#${issue.number}`,
      kind: 'github_issue',
      number: issue.number,
      title: issue.title,
      url: issue.html_url,
      labels: issue.labels,
      ...(login !== null ? { assignedToMe: assignees.some((a) => sameLogin(a.login, login)) } : {}),
      ...(updatedAt !== undefined ? { updatedAt } : {}),
    });
  }
  // Stable sort: assigned first, each group in GitHub's order (most recently created first).
  return out.sort((a, b) => Number(b.assignedToMe === true) - Number(a.assignedToMe === true));
}

/**
 * The checks of a commit from both of GitHub's systems: failing if any run or status failed,
 * else pending if any is still running, else passing; undefined when the commit has none.
 */
export function checksState(runs: CheckRunsPayload | null, status: CombinedStatusPayload | null): ChecksState | undefined {
  const outcomes: string[] = [];
  for (const run of runs?.check_runs ?? []) outcomes.push(run.status === 'completed' ? (run.conclusion ?? 'pending') : run.status);
  for (const s of status?.statuses ?? []) outcomes.push(s.state);
  if (outcomes.length === 0) return undefined;
  if (outcomes.some((o) => FAILING.has(o))) return 'failing';
  if (outcomes.some((o) => PENDING.has(o))) return 'pending';
  return 'passing';
}

/** Unresolved review threads per PR number, from the aliased GraphQL answer. */
export function openThreadCounts(payload: ReviewThreadsPayload): Map<number, number> {
  const counts = new Map<number, number>();
  for (const pr of Object.values(payload.repository ?? {})) {
    if (pr) counts.set(pr.number, pr.reviewThreads.nodes.filter((t) => t !== null && !t.isResolved).length);
  }
  return counts;
}

export interface PullFacts {
  checks?: ChecksState | undefined;
  openThreads?: number | undefined;
}

/** Every open PR as a signal, with what is known about it for the user. */
export function pullSignal(repo: string, pull: PullPayload, login: string | null, facts: PullFacts = {}): GithubItemSignal {
  const updatedAt = timestamp(pull.updated_at);
  return {
    id: `gh-pr:${repo}#${pull.number}`,
    kind: 'github_pr',
    number: pull.number,
    title: pull.title,
    url: pull.html_url,
    labels: pull.labels,
    ...(login !== null
      ? {
          authoredByMe: sameLogin(login, pull.user?.login ?? null),
          reviewRequested: (pull.requested_reviewers ?? []).some((r) => sameLogin(r.login, login)),
        }
      : {}),
    ...(facts.checks !== undefined ? { checks: facts.checks } : {}),
    ...(pull.draft !== undefined ? { draft: pull.draft } : {}),
    ...(facts.openThreads !== undefined ? { openThreads: facts.openThreads } : {}),
    ...(updatedAt !== undefined ? { updatedAt } : {}),
  };
}

/** The PRs that ask something of the user: theirs with failing or pending checks or open threads, and review requests. */
export function pullNeedsUser(signal: GithubItemSignal): boolean {
  if (signal.reviewRequested) return true;
  if (!signal.authoredByMe) return false;
  return signal.checks === 'failing' || signal.checks === 'pending' || (signal.openThreads ?? 0) > 0;
}

/** PRs by what they ask: own failing first, then review requests, then the rest; GitHub's order within. */
export function orderPulls(signals: GithubItemSignal[]): GithubItemSignal[] {
  const rank = (s: GithubItemSignal): number => (s.authoredByMe && s.checks === 'failing' ? 0 : s.reviewRequested ? 1 : 2);
  return signals.sort((a, b) => rank(a) - rank(b));
}

export function commitsFrom(commits: readonly CommitPayload[]): GithubCommit[] {
  return commits.map((c) => ({
    sha: c.sha,
    title: c.commit.message.split('\n', 1)[0] ?? '',
    author: c.author?.login ?? c.commit.author?.name ?? null,
    committedAt: timestamp(c.commit.author?.date) ?? null,
    url: c.html_url,
  }));
}
