import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { GithubItemSignalSchema } from '../domain/signal';
import { CheckRunsPayloadSchema, CombinedStatusPayloadSchema, CommitPayloadSchema, IssuePayloadSchema, PullPayloadSchema, ReviewThreadsPayloadSchema } from './github-payloads';
import { checksState, commitsFrom, issueSignals, openThreadCounts, orderPulls, pullNeedsUser, pullSignal } from './github-signals';

const require = createRequire(import.meta.url);
/** Answers recorded from api.github.com by @octokit/fixtures. */
function recorded(scenario: string): { path: string; response: unknown }[] {
  return JSON.parse(readFileSync(require.resolve(`@octokit/fixtures/scenarios/api.github.com/${scenario}/normalized-fixture.json`), 'utf8'));
}

const user = (login: string) => ({ login, id: 1, type: 'User', site_admin: false });

describe('issue signals', () => {
  it('maps a real recorded page of issues, keeping only the fields signals need', () => {
    const page = IssuePayloadSchema.array().parse(recorded('paginate-issues')[0]!.response);
    const signals = issueSignals('octokit-fixture-org/paginate-issues', page, null);
    expect(signals.map((s) => s.number)).toEqual([13, 12, 11]);
    expect(signals[0]).toEqual({
      id: 'gh-issue:octokit-fixture-org/paginate-issues#13',
      kind: 'github_issue',
      number: 13,
      title: 'Test issue 13',
      url: 'https://github.com/octokit-fixture-org/paginate-issues/issues/13',
      labels: [],
      updatedAt: Date.parse('2017-10-10T16:00:00Z'),
    });
    for (const s of signals) expect(GithubItemSignalSchema.parse(s)).toEqual(s);
    // Parsed payloads are small: the recorded `user`, `reactions` and URLs are gone.
    expect(page[0]).not.toHaveProperty('user');
    expect(page[0]).not.toHaveProperty('reactions');
  });

  it('skips PRs from the issues endpoint, puts the assigned ones first and keeps label names', () => {
    const [template] = recorded('paginate-issues')[0]!.response as Record<string, unknown>[];
    const issue = (number: number, labels: string[], assignees: string[], pr = false) => ({
      ...template,
      number,
      title: `Issue ${number}`,
      html_url: `https://github.com/acme/app/${pr ? 'pull' : 'issues'}/${number}`,
      labels: labels.map((name) => ({ id: 1, name, color: 'd73a4a', default: false, description: null })),
      assignees: assignees.map(user),
      assignee: assignees[0] ? user(assignees[0]) : null,
      ...(pr ? { pull_request: { url: 'https://api.github.com/repos/acme/app/pulls/4', merged_at: null } } : {}),
    });
    const page = IssuePayloadSchema.array().parse([issue(5, ['bug'], []), issue(4, [], ['Mona'], true), issue(3, ['enhancement', 'P2'], ['hubot', 'mona']), issue(2, [], ['hubot'])]);
    const signals = issueSignals('acme/app', page, 'mona');
    expect(signals.map((s) => [s.id, s.assignedToMe, s.labels])).toEqual([
      ['gh-issue:acme/app#3', true, ['enhancement', 'P2']],
      ['gh-issue:acme/app#5', false, ['bug']],
      ['gh-issue:acme/app#2', false, []],
    ]);
  });

  it('drops an issue listed twice (assigned query plus the open list)', () => {
    const one = IssuePayloadSchema.parse({ number: 1, title: 't', html_url: 'u', state: 'open', labels: [], updated_at: '2026-11-20T00:00:00Z', assignees: [user('mona')] });
    expect(issueSignals('a/b', [one, one], 'mona')).toHaveLength(1);
  });
});

describe('checks of a head commit', () => {
  const runs = (...r: [string, string | null][]) => CheckRunsPayloadSchema.parse({ total_count: r.length, check_runs: r.map(([status, conclusion], i) => ({ id: i, name: `job${i}`, head_sha: 'abc', status, conclusion })) });
  const statuses = (...s: string[]) => CombinedStatusPayloadSchema.parse({ state: 'pending', sha: 'abc', total_count: s.length, statuses: s.map((state, i) => ({ context: `ci/${i}`, state })) });

  it('fails on any failure, error, cancellation or time-out, from either system', () => {
    expect(checksState(runs(['completed', 'success'], ['completed', 'failure']), statuses('success'))).toBe('failing');
    expect(checksState(runs(['completed', 'cancelled']), null)).toBe('failing');
    expect(checksState(runs(['completed', 'timed_out']), null)).toBe('failing');
    expect(checksState(runs(['in_progress', null]), statuses('error'))).toBe('failing');
    expect(checksState(null, CombinedStatusPayloadSchema.parse(recorded('create-status').at(-1)!.response))).toBe('failing');
  });

  it('is pending while anything is queued or running, passing when all succeeded or were skipped', () => {
    expect(checksState(runs(['completed', 'success'], ['queued', null]), null)).toBe('pending');
    expect(checksState(runs(['completed', 'success']), statuses('pending'))).toBe('pending');
    expect(checksState(runs(['completed', 'success'], ['completed', 'skipped'], ['completed', 'neutral']), statuses('success'))).toBe('passing');
  });

  it('is unknown for a commit with no checks (the combined status then says "pending" with no statuses)', () => {
    expect(checksState(runs(), statuses())).toBeUndefined();
  });
});

describe('PR signals', () => {
  const pull = (number: number, author: string, reviewers: string[] = [], extra: Record<string, unknown> = {}) =>
    PullPayloadSchema.parse({
      url: `https://api.github.com/repos/acme/app/pulls/${number}`,
      html_url: `https://github.com/acme/app/pull/${number}`,
      number,
      state: 'open',
      title: `PR ${number}`,
      user: user(author),
      labels: [{ id: 1, name: 'bug', color: 'd73a4a' }],
      requested_reviewers: reviewers.map(user),
      requested_teams: [],
      draft: false,
      head: { ref: 'topic', sha: 'a'.repeat(40), user: user(author) },
      base: { ref: 'main', sha: 'b'.repeat(40) },
      updated_at: '2026-11-20T10:00:00Z',
      ...extra,
    });

  it('marks authorship and review requests for the login, case-insensitively, with checks and threads', () => {
    const s = pullSignal('acme/app', pull(12, 'Mona'), 'mona', { checks: 'failing', openThreads: 2 });
    expect(s).toEqual({
      id: 'gh-pr:acme/app#12',
      kind: 'github_pr',
      number: 12,
      title: 'PR 12',
      url: 'https://github.com/acme/app/pull/12',
      labels: ['bug'],
      authoredByMe: true,
      reviewRequested: false,
      checks: 'failing',
      draft: false,
      openThreads: 2,
      updatedAt: Date.parse('2026-11-20T10:00:00Z'),
    });
    expect(GithubItemSignalSchema.parse(s)).toEqual(s);
    expect(pullSignal('acme/app', pull(9, 'hubot', ['MONA']), 'mona')).toMatchObject({ authoredByMe: false, reviewRequested: true });
  });

  it('keeps only the PRs that ask something of the user, own failing first', () => {
    const own = (n: number, checks?: 'failing' | 'pending' | 'passing', openThreads?: number) => pullSignal('acme/app', pull(n, 'mona'), 'mona', { checks, openThreads });
    const kept = [own(1, 'passing'), own(2, 'pending'), pullSignal('acme/app', pull(3, 'hubot', ['mona']), 'mona'), own(4, 'failing'), pullSignal('acme/app', pull(5, 'hubot'), 'mona'), own(6, 'passing', 1)].filter(pullNeedsUser);
    expect(orderPulls(kept).map((s) => s.number)).toEqual([4, 3, 2, 6]);
  });

  it('counts unresolved review threads per PR from the aliased GraphQL answer', () => {
    const answer = ReviewThreadsPayloadSchema.parse({ repository: { p0: { number: 12, reviewThreads: { nodes: [{ isResolved: false }, { isResolved: true }, { isResolved: false }] } }, p1: null, p2: { number: 7, reviewThreads: { nodes: [] } } } });
    expect([...openThreadCounts(answer)]).toEqual([
      [12, 2],
      [7, 0],
    ]);
  });
});

describe('recent commits', () => {
  it('keeps the first line, the login (or the git name) and the date', () => {
    const commits = CommitPayloadSchema.array().parse([
      { sha: '1'.repeat(40), html_url: 'https://github.com/acme/app/commit/111', commit: { message: 'Merge pull request #4\n\nbody', author: { name: 'Mona', email: 'm@x', date: '2026-11-21T08:00:00Z' } }, author: user('mona'), parents: [] },
      { sha: '2'.repeat(40), html_url: 'https://github.com/acme/app/commit/222', commit: { message: 'Initial commit', author: { name: 'Someone', email: 's@x', date: 'not a date' } }, author: null, parents: [] },
    ]);
    expect(commitsFrom(commits)).toEqual([
      { sha: '1'.repeat(40), title: 'Merge pull request #4', author: 'mona', committedAt: Date.parse('2026-11-21T08:00:00Z'), url: 'https://github.com/acme/app/commit/111' },
      { sha: '2'.repeat(40), title: 'Initial commit', author: 'Someone', committedAt: null, url: 'https://github.com/acme/app/commit/222' },
    ]);
  });
});
