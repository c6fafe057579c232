import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGithub, type FakeGithub } from '../../companion/src/test-support/fake-github';
import { fetchGithubSignals, nextPageFromLink } from './fetch-github-signals';
import { memoryEtagCache } from './github-port';
import { createGithubClient } from './octokit-client';

let gh: FakeGithub;
beforeEach(async () => {
  gh = await startFakeGithub();
});
afterEach(() => gh.close());

const client = (token?: string) => createGithubClient({ baseUrl: gh.baseUrl, token, retries: 0 });
const at = (ms: number) => `T${ms}`;

describe('fetchGithubSignals against a fake GitHub over HTTP', () => {
  it('reads issues over two pages, the PRs asking something of the user, their checks and threads, and commits', async () => {
    const r = await fetchGithubSignals(client('ghp_fake_mona'), memoryEtagCache(), { repo: 'acme/app', perPage: 5 });
    if (!r.ok) throw new Error(r.error.message);
    const scan = r.value;
    expect(scan.login).toBe('mona');
    expect(scan.defaultBranch).toBe('main');
    // The issues endpoint lists 5 issues and 4 PRs newest first: 5 per page makes two pages.
    const issuePages = gh.requests.filter((q) => q.path.startsWith('/repos/acme/app/issues') && !q.path.includes('assignee'));
    expect(issuePages.map((q) => new URL(q.path, gh.baseUrl).searchParams.get('page'))).toEqual(['1', '2']);
    expect(scan.signals.map((s) => [s.id, s.kind === 'github_issue' ? s.assignedToMe : s.checks])).toEqual([
      ['gh-issue:acme/app#10', true],
      ['gh-issue:acme/app#5', true],
      ['gh-issue:acme/app#11', false],
      ['gh-issue:acme/app#8', false],
      ['gh-issue:acme/app#2', false],
      ['gh-pr:acme/app#12', 'failing'],
      ['gh-pr:acme/app#9', undefined],
      ['gh-pr:acme/app#7', 'pending'],
    ]);
    expect(scan.signals.find((s) => s.number === 12)).toMatchObject({ authoredByMe: true, openThreads: 2, labels: ['bug'], url: 'https://github.com/acme/app/pull/12' });
    expect(scan.signals.find((s) => s.number === 9)).toMatchObject({ authoredByMe: false, reviewRequested: true });
    expect(scan.signals.find((s) => s.number === 7)).toMatchObject({ draft: true, openThreads: 0 });
    expect(scan.signals.find((s) => s.number === 5)).toMatchObject({ labels: ['bug', 'P1'] });
    expect(scan.commits.map((c) => [c.title, c.author])).toEqual([
      ['Merge pull request #4 from acme/totals', 'mona'],
      ['Initial commit', 'hubot'],
    ]);
    expect(gh.requests.filter((q) => q.path === '/graphql')).toHaveLength(1);
    expect(scan.requests).toEqual({ sent: gh.requests.length - 1, notModified: 0 });
    expect(scan.rateLimit).toEqual({ limit: 5000, remaining: 5000 - scan.requests.sent, resetAt: gh.resetAt * 1000 });
    expect(scan.notices).toEqual([]);
  });

  it('sends the cached ETags on a re-scan: every GET is a 304 that costs no rate limit, and the signals are the same', async () => {
    const cache = memoryEtagCache();
    const first = await fetchGithubSignals(client('ghp_fake_mona'), cache, { repo: 'acme/app', perPage: 5 });
    const second = await fetchGithubSignals(client('ghp_fake_mona'), memoryEtagCache(cache.entries()), { repo: 'acme/app', perPage: 5 });
    if (!first.ok || !second.ok) throw new Error('scan failed');
    expect(second.value.signals).toEqual(first.value.signals);
    expect(second.value.commits).toEqual(first.value.commits);
    expect(second.value.requests).toEqual({ sent: first.value.requests.sent, notModified: first.value.requests.sent });
    expect(second.value.rateLimit?.remaining).toBe(first.value.rateLimit?.remaining);
    const rescan = gh.requests.slice(first.value.requests.sent + 1).filter((q) => q.method === 'GET');
    expect(rescan.every((q) => q.status === 304 && q.ifNoneMatch?.startsWith('W/"'))).toBe(true);
  });

  it('fetches again when the data changed since the cached ETag', async () => {
    const cache = memoryEtagCache();
    await fetchGithubSignals(client('ghp_fake_mona'), cache, { repo: 'acme/app' });
    gh.repos[0]!.issues.push({ number: 13, title: 'New bug', labels: ['bug'] });
    const r = await fetchGithubSignals(client('ghp_fake_mona'), cache, { repo: 'acme/app' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.signals.map((s) => s.id)).toContain('gh-issue:acme/app#13');
    expect(r.value.requests.notModified).toBeLessThan(r.value.requests.sent);
  });

  it('works without a token on a public repo, skipping what needs a login and saying so', async () => {
    const r = await fetchGithubSignals(client(), memoryEtagCache(), { repo: 'acme/app', perPage: 100 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.login).toBeNull();
    expect(r.value.signals.map((s) => s.id)).toEqual(['gh-issue:acme/app#11', 'gh-issue:acme/app#10', 'gh-issue:acme/app#8', 'gh-issue:acme/app#5', 'gh-issue:acme/app#2']);
    expect(r.value.signals[0]).not.toHaveProperty('assignedToMe');
    expect(gh.requests.map((q) => q.path.split('?')[0])).toEqual(['/repos/acme/app', '/repos/acme/app/issues', '/repos/acme/app/commits']);
    expect(gh.requests.every((q) => !q.authorized)).toBe(true);
    expect(r.value.rateLimit).toMatchObject({ limit: 60, remaining: 57 });
    expect(r.value.notices).toEqual(['Without a GitHub token, assigned issues, your PRs, review requests and review threads are left out (public data only).']);
  });

  it('says when only the first pages of a big repo were read', async () => {
    const r = await fetchGithubSignals(client(), memoryEtagCache(), { repo: 'acme/app', perPage: 3, maxPages: 2 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.notices).toContain('Only the 6 most recent open issues of acme/app were read.');
  });

  it('goes on without review threads when GraphQL fails, with a notice', async () => {
    gh.fail = { kind: 'server_error', path: /^\/graphql$/ };
    const r = await fetchGithubSignals(client('ghp_fake_mona'), memoryEtagCache(), { repo: 'acme/app' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.signals.find((s) => s.number === 12)).not.toHaveProperty('openThreads');
    expect(r.value.notices).toEqual(['Review threads on your PRs in acme/app could not be read.']);
  });
});

describe('GitHub failures are one sentence with a code', () => {
  it('401: a refused token', async () => {
    const r = await fetchGithubSignals(client('ghp_wrong'), memoryEtagCache(), { repo: 'acme/app' });
    expect(r).toEqual({ ok: false, error: { code: 'github_unauthorized', message: 'The GitHub token was refused (401): check it in Settings.' } });
  });

  it('403 rate limited: the reset time from x-ratelimit-reset', async () => {
    gh.fail = { kind: 'rate_limited' };
    const started = Date.now();
    const r = await fetchGithubSignals(client('ghp_fake_mona'), memoryEtagCache(), { repo: 'acme/app', formatTime: at });
    expect(r).toEqual({ ok: false, error: { code: 'github_rate_limited', message: `GitHub's rate limit is used up until T${gh.resetAt * 1000}; planning goes on with the local signals.`, resetAt: gh.resetAt * 1000 } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(gh.requests).toHaveLength(1);
  });

  it('an anonymous client that spends its 60 requests is told when they come back, in local time by default', async () => {
    gh.remaining.set('core:anonymous', 2);
    const r = await fetchGithubSignals(client(), memoryEtagCache(), { repo: 'acme/app' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('github_rate_limited');
    expect(r.error.message).toMatch(/^GitHub's rate limit is used up until \d\d:\d\d; planning goes on with the local signals\.$/);
    const reset = new Date(gh.resetAt * 1000);
    expect(r.error.message).toContain(`${String(reset.getHours()).padStart(2, '0')}:${String(reset.getMinutes()).padStart(2, '0')}`);
  });

  it('429 secondary rate limit: not retried, reset from retry-after', async () => {
    gh.fail = { kind: 'secondary_rate_limited' };
    const r = await fetchGithubSignals(client('ghp_fake_mona'), memoryEtagCache(), { repo: 'acme/app', now: () => 1_000_000, formatTime: at });
    expect(r).toEqual({ ok: false, error: { code: 'github_rate_limited', message: "GitHub's rate limit is used up until T1120000; planning goes on with the local signals.", resetAt: 1_120_000 } });
    expect(gh.requests).toHaveLength(1);
  });

  it('403 forbidden, and 403 for SSO', async () => {
    gh.fail = { kind: 'forbidden' };
    expect(await fetchGithubSignals(client('ghp_fake_mona'), memoryEtagCache(), { repo: 'acme/app' })).toEqual({
      ok: false,
      error: { code: 'github_forbidden', message: 'GitHub refused access to acme/app (403): the token may lack the scope or permission for it.' },
    });
    gh.fail = { kind: 'sso' };
    expect(await fetchGithubSignals(client('ghp_fake_mona'), memoryEtagCache(), { repo: 'acme/app' })).toEqual({
      ok: false,
      error: { code: 'github_forbidden', message: 'GitHub refused access to acme/app (403): the token needs single sign-on authorization for its organization.' },
    });
  });

  it('404: an unknown repo, or a private one seen without a token', async () => {
    const missing = await fetchGithubSignals(client('ghp_fake_mona'), memoryEtagCache(), { repo: 'acme/nope' });
    expect(missing).toEqual({ ok: false, error: { code: 'github_not_found', message: 'acme/nope was not found, or the token cannot see it.' } });
    gh.repos[0]!.private = true;
    const hidden = await fetchGithubSignals(client(), memoryEtagCache(), { repo: 'acme/app' });
    expect(hidden.ok ? null : hidden.error.code).toBe('github_not_found');
  });

  it('a dropped connection, and a closed port: GitHub could not be reached', async () => {
    gh.fail = { kind: 'drop' };
    const dropped = await fetchGithubSignals(client('ghp_fake_mona'), memoryEtagCache(), { repo: 'acme/app' });
    expect(dropped).toEqual({ ok: false, error: { code: 'github_offline', message: 'GitHub could not be reached; planning goes on with the local signals.' } });
    const base = gh.baseUrl;
    await gh.close();
    const closed = await fetchGithubSignals(createGithubClient({ baseUrl: base, retries: 0 }), memoryEtagCache(), { repo: 'acme/app' });
    expect(closed.ok ? null : closed.error.code).toBe('github_offline');
  });

  it('retries a dropped connection once by default, then reports', async () => {
    gh.fail = { kind: 'drop' };
    const r = await fetchGithubSignals(createGithubClient({ baseUrl: gh.baseUrl, token: 'ghp_fake_mona', retryAfterMs: 10 }), memoryEtagCache(), { repo: 'acme/app' });
    expect(r.ok ? null : r.error.code).toBe('github_offline');
    expect(gh.requests).toHaveLength(2);
  });

  it('a 5xx answer', async () => {
    gh.fail = { kind: 'server_error' };
    const r = await fetchGithubSignals(client('ghp_fake_mona'), memoryEtagCache(), { repo: 'acme/app' });
    expect(r).toEqual({ ok: false, error: { code: 'github_unavailable', message: 'GitHub answered with an error (502); planning goes on with the local signals.' } });
  });

  it('a name that is not owner/repo never reaches GitHub', async () => {
    const r = await fetchGithubSignals(client(), memoryEtagCache(), { repo: 'acme/app/issues' });
    expect(r.ok ? null : r.error.code).toBe('github_bad_repo');
    expect(gh.requests).toHaveLength(0);
  });
});

describe('nextPageFromLink', () => {
  it('reads rel="next" from GitHub link headers', () => {
    expect(nextPageFromLink('<https://api.github.com/repositories/1000/issues?per_page=3&page=2>; rel="next", <https://api.github.com/repositories/1000/issues?per_page=3&page=5>; rel="last"')).toBe(2);
    expect(nextPageFromLink('<https://api.github.com/repositories/1000/issues?per_page=3&page=4>; rel="prev", <https://api.github.com/repositories/1000/issues?per_page=3&page=1>; rel="first"')).toBeUndefined();
    expect(nextPageFromLink(undefined)).toBeUndefined();
  });
});
