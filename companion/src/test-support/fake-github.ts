/**
 * A small GitHub API on 127.0.0.1 for tests (vitest and the e2e harness): the REST routes
 * fetchGithubSignals calls plus POST /graphql, over real HTTP, with GitHub's wire habits —
 * `link` pagination, x-ratelimit-* headers (60 an hour anonymous, 5,000 with a token), weak
 * ETags answered with 304 (which spend no rate limit), and GitHub's error bodies. Item shapes
 * start from a real issue recorded in @octokit/fixtures; `fail` switches it to 401, 403
 * (forbidden, SSO, rate limited), 429, 404, 502 or a dropped connection.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { z } from 'zod';

export interface FakeIssue {
  number: number;
  title: string;
  labels?: string[];
  assignees?: string[];
  author?: string;
  updatedAt?: string;
}

export interface FakePull {
  number: number;
  title: string;
  author: string;
  headSha: string;
  labels?: string[];
  reviewers?: string[];
  draft?: boolean;
  updatedAt?: string;
}

export interface FakeCheckRun {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | null;
}

export interface FakeCommit {
  sha: string;
  message: string;
  author: string;
  date: string;
}

export interface FakeRepo {
  owner: string;
  name: string;
  id: number;
  defaultBranch: string;
  private: boolean;
  issues: FakeIssue[];
  pulls: FakePull[];
  commits: FakeCommit[];
  /** By head SHA. */
  checkRuns: Record<string, FakeCheckRun[]>;
  statuses: Record<string, { context: string; state: 'error' | 'failure' | 'pending' | 'success' }[]>;
  /** By PR number: `isResolved` of each review thread. */
  threads: Record<number, boolean[]>;
}

export type FakeFailure = 'unauthorized' | 'forbidden' | 'sso' | 'rate_limited' | 'secondary_rate_limited' | 'not_found' | 'server_error' | 'drop';

export interface FakeRequest {
  method: string;
  path: string;
  status: number;
  ifNoneMatch: string | undefined;
  authorized: boolean;
}

export interface FakeGithub {
  baseUrl: string;
  repos: FakeRepo[];
  /** Tokens GitHub accepts, and whose login each is. */
  tokens: Record<string, string>;
  /** Make every request whose path matches `path` (all when absent) fail this way. */
  fail: { kind: FakeFailure; path?: RegExp } | null;
  requests: FakeRequest[];
  /** Remaining core requests per identity ("anonymous" or the login). */
  remaining: Map<string, number>;
  /** Epoch seconds when the window resets. */
  resetAt: number;
  close(): Promise<void>;
}

// A real issue as api.github.com returned it (recorded by @octokit/fixtures): the template of every item.
const FixtureSchema = z.array(z.object({ path: z.string(), response: z.unknown() }));
const fixturePath = createRequire(import.meta.url).resolve('@octokit/fixtures/scenarios/api.github.com/paginate-issues/normalized-fixture.json');
const recorded = FixtureSchema.parse(JSON.parse(readFileSync(fixturePath, 'utf8')));
const ISSUE_TEMPLATE = z.array(z.record(z.string(), z.unknown())).min(1).parse(recorded[0]?.response)[0]!;
const USER_TEMPLATE = z.record(z.string(), z.unknown()).parse(ISSUE_TEMPLATE.user);

const DOCS = 'https://docs.github.com/rest';

function user(login: string, id = 1000): Record<string, unknown> {
  return { ...USER_TEMPLATE, login, id, url: `https://api.github.com/users/${login}`, html_url: `https://github.com/${login}` };
}

function label(name: string, i: number): Record<string, unknown> {
  return { id: 2000 + i, node_id: 'MDU6TGFiZWwx', url: `https://api.github.com/repos/o/r/labels/${encodeURIComponent(name)}`, name, color: 'd73a4a', default: false, description: null };
}

function issuePayload(repo: FakeRepo, issue: FakeIssue, apiBase: string): Record<string, unknown> {
  const assignees = (issue.assignees ?? []).map((a) => user(a));
  const at = issue.updatedAt ?? '2026-11-20T10:00:00Z';
  return {
    ...ISSUE_TEMPLATE,
    url: `${apiBase}/repos/${repo.owner}/${repo.name}/issues/${issue.number}`,
    repository_url: `${apiBase}/repos/${repo.owner}/${repo.name}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${issue.number}`,
    id: 10_000 + issue.number,
    number: issue.number,
    title: issue.title,
    user: user(issue.author ?? 'octocat'),
    labels: (issue.labels ?? []).map(label),
    assignee: assignees[0] ?? null,
    assignees,
    created_at: at,
    updated_at: at,
  };
}

function pullAsIssuePayload(repo: FakeRepo, pull: FakePull, apiBase: string): Record<string, unknown> {
  const base = issuePayload(repo, { number: pull.number, title: pull.title, labels: pull.labels ?? [], author: pull.author, ...(pull.updatedAt ? { updatedAt: pull.updatedAt } : {}) }, apiBase);
  const html = `https://github.com/${repo.owner}/${repo.name}/pull/${pull.number}`;
  return { ...base, html_url: html, draft: pull.draft ?? false, pull_request: { url: `${apiBase}/repos/${repo.owner}/${repo.name}/pulls/${pull.number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: null } };
}

function pullPayload(repo: FakeRepo, pull: FakePull, apiBase: string): Record<string, unknown> {
  const at = pull.updatedAt ?? '2026-11-20T10:00:00Z';
  const html = `https://github.com/${repo.owner}/${repo.name}/pull/${pull.number}`;
  return {
    url: `${apiBase}/repos/${repo.owner}/${repo.name}/pulls/${pull.number}`,
    id: 20_000 + pull.number,
    node_id: 'PR_kwDOAAAAAA',
    html_url: html,
    diff_url: `${html}.diff`,
    number: pull.number,
    state: 'open',
    locked: false,
    title: pull.title,
    user: user(pull.author),
    body: null,
    labels: (pull.labels ?? []).map(label),
    created_at: at,
    updated_at: at,
    closed_at: null,
    merged_at: null,
    assignee: null,
    assignees: [],
    requested_reviewers: (pull.reviewers ?? []).map((r) => user(r)),
    requested_teams: [],
    draft: pull.draft ?? false,
    head: { label: `${pull.author}:topic-${pull.number}`, ref: `topic-${pull.number}`, sha: pull.headSha, user: user(pull.author) },
    base: { label: `${repo.owner}:${repo.defaultBranch}`, ref: repo.defaultBranch, sha: '0'.repeat(40) },
    author_association: 'MEMBER',
    auto_merge: null,
  };
}

function repoPayload(repo: FakeRepo, apiBase: string): Record<string, unknown> {
  return {
    id: repo.id,
    node_id: 'R_kgDOAAAAAA',
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: repo.private,
    owner: user(repo.owner),
    html_url: `https://github.com/${repo.owner}/${repo.name}`,
    url: `${apiBase}/repos/${repo.owner}/${repo.name}`,
    default_branch: repo.defaultBranch,
    open_issues_count: repo.issues.length + repo.pulls.length,
    visibility: repo.private ? 'private' : 'public',
  };
}

function commitPayload(repo: FakeRepo, c: FakeCommit, apiBase: string): Record<string, unknown> {
  return {
    sha: c.sha,
    node_id: 'C_kwDOAAAAAA',
    commit: { author: { name: c.author, email: `${c.author}@users.noreply.github.com`, date: c.date }, committer: { name: 'GitHub', email: 'noreply@github.com', date: c.date }, message: c.message, comment_count: 0 },
    url: `${apiBase}/repos/${repo.owner}/${repo.name}/commits/${c.sha}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${c.sha}`,
    author: user(c.author),
    committer: user('web-flow'),
    parents: [],
  };
}

export function defaultFakeRepo(): FakeRepo {
  return {
    owner: 'acme',
    name: 'app',
    id: 1000,
    defaultBranch: 'main',
    private: false,
    issues: [
      { number: 11, title: 'Crash when the cart is empty', labels: ['bug'], updatedAt: '2026-11-21T09:00:00Z' },
      { number: 10, title: 'Dark mode', labels: ['enhancement'], assignees: ['mona'], updatedAt: '2026-11-20T09:00:00Z' },
      { number: 8, title: 'Split the god object', labels: ['tech-debt'] },
      { number: 5, title: 'Login loops forever', labels: ['bug', 'P1'], assignees: ['mona', 'hubot'] },
      { number: 2, title: 'Docs: typo in README', labels: ['documentation'] },
    ],
    pulls: [
      { number: 12, title: 'Fix rounding in totals', author: 'mona', headSha: 'a'.repeat(40), labels: ['bug'] },
      { number: 9, title: 'Add retries', author: 'hubot', headSha: 'b'.repeat(40), reviewers: ['mona'] },
      { number: 7, title: 'WIP: new checkout', author: 'mona', headSha: 'c'.repeat(40), draft: true },
      { number: 6, title: 'Bump deps', author: 'dependabot[bot]', headSha: 'd'.repeat(40) },
    ],
    commits: [
      { sha: '1'.repeat(40), message: 'Merge pull request #4 from acme/totals\n\nTotals in cents', author: 'mona', date: '2026-11-21T08:00:00Z' },
      { sha: '2'.repeat(40), message: 'Initial commit', author: 'hubot', date: '2026-11-19T08:00:00Z' },
    ],
    checkRuns: {
      ['a'.repeat(40)]: [
        { name: 'test', status: 'completed', conclusion: 'failure' },
        { name: 'lint', status: 'completed', conclusion: 'success' },
      ],
      ['c'.repeat(40)]: [{ name: 'test', status: 'in_progress', conclusion: null }],
    },
    statuses: { ['c'.repeat(40)]: [{ context: 'ci/legacy', state: 'success' }] },
    threads: { 12: [false, true, false], 7: [true] },
  };
}

function etagOf(body: string, identity: string): string {
  return `W/"${createHash('sha256').update(identity).update('\0').update(body).digest('hex').slice(0, 40)}"`;
}

export async function startFakeGithub(setup: { repos?: FakeRepo[]; tokens?: Record<string, string> } = {}): Promise<FakeGithub> {
  const fake: FakeGithub = {
    baseUrl: '',
    repos: setup.repos ?? [defaultFakeRepo()],
    tokens: setup.tokens ?? { ghp_fake_mona: 'mona' },
    fail: null,
    requests: [],
    remaining: new Map(),
    resetAt: Math.floor(Date.now() / 1000) + 3600,
    close: async () => {},
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(fake, req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

function handle(fake: FakeGithub, req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', fake.baseUrl);
  const method = req.method ?? 'GET';
  const ifNoneMatch = req.headers['if-none-match'];
  const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const login = auth ? fake.tokens[auth[1]!] : undefined;
  const identity = login ?? 'anonymous';
  const limit = login ? 5000 : 60;
  const resource = url.pathname === '/graphql' ? 'graphql' : 'core';
  const remaining = fake.remaining.get(`${resource}:${identity}`) ?? limit;
  const record = (status: number) => fake.requests.push({ method, path: url.pathname + url.search, status, ifNoneMatch, authorized: !!login });

  const send = (status: number, payload: unknown, extra: Record<string, string> = {}, left = remaining) => {
    const text = JSON.stringify(payload);
    record(status);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': login ? 'private, max-age=60, s-maxage=60' : 'public, max-age=60, s-maxage=60',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': '0000:00000:0000000:0000000:00000000',
      'access-control-expose-headers': 'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset',
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(left),
      'x-ratelimit-reset': String(fake.resetAt),
      'x-ratelimit-used': String(limit - left),
      'x-ratelimit-resource': resource,
      ...extra,
    });
    res.end(text);
  };

  if (auth && !login) return send(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
  const failure = fake.fail && (!fake.fail.path || fake.fail.path.test(url.pathname)) ? fake.fail.kind : null;
  switch (failure) {
    case null:
      break;
    case 'drop':
      record(0);
      req.socket.destroy();
      return;
    case 'unauthorized':
      return send(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    case 'forbidden':
      return send(403, { message: 'Resource not accessible by personal access token', documentation_url: DOCS, status: '403' });
    case 'sso':
      return send(403, { message: 'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.', documentation_url: DOCS, status: '403' }, { 'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=AAAA' });
    case 'rate_limited':
      return send(403, { message: `API rate limit exceeded for ${login ? `user ID 1000` : '127.0.0.1'}.`, documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting', status: '403' }, {}, 0);
    case 'secondary_rate_limited':
      return send(429, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: DOCS, status: '429' }, { 'retry-after': '120' });
    case 'not_found':
      return send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    case 'server_error':
      return send(502, { message: 'Server Error' });
  }
  if (remaining <= 0) return send(403, { message: 'API rate limit exceeded.', documentation_url: DOCS, status: '403' }, {}, 0);

  const answer = route(fake, method, url, login, body);
  if (answer.status !== 200) return send(answer.status, answer.payload);
  const text = JSON.stringify(answer.payload);
  const etag = etagOf(text, identity);
  const headers: Record<string, string> = { etag, ...(answer.link ? { link: answer.link } : {}) };
  // A conditional request that matches spends no rate limit (GitHub's documented behaviour).
  if (method === 'GET' && ifNoneMatch === etag) {
    record(304);
    res.writeHead(304, { etag, 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(fake.resetAt), 'x-ratelimit-resource': resource, ...(answer.link ? { link: answer.link } : {}) });
    res.end();
    return;
  }
  fake.remaining.set(`${resource}:${identity}`, remaining - 1);
  send(200, answer.payload, method === 'GET' ? headers : {}, remaining - 1);
}

interface Answer {
  status: number;
  payload: unknown;
  link?: string;
}

const NOT_FOUND: Answer = { status: 404, payload: { message: 'Not Found', documentation_url: DOCS, status: '404' } };

/** GitHub's own pages: per_page capped at 100 (default 30), links to /repositories/{id}/… with the query kept. */
function paged(items: unknown[], url: URL, linkPath: string, apiBase: string): Answer {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page')) || 30));
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const at = (n: number) => {
    const q = new URLSearchParams(url.searchParams);
    q.set('page', String(n));
    return `<${apiBase}${linkPath}?${q.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`);
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  return { status: 200, payload: items.slice((page - 1) * perPage, page * perPage), ...(links.length ? { link: links.join(', ') } : {}) };
}

function route(fake: FakeGithub, method: string, url: URL, login: string | undefined, body: string): Answer {
  const api = fake.baseUrl;
  if (method === 'POST' && url.pathname === '/graphql') return graphql(fake, login, body);
  if (method !== 'GET') return NOT_FOUND;
  if (url.pathname === '/user') return login ? { status: 200, payload: user(login) } : { status: 401, payload: { message: 'Requires authentication', documentation_url: DOCS, status: '401' } };
  const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(url.pathname);
  const m = byId ? null : /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
  const repo = byId ? fake.repos.find((r) => r.id === Number(byId[1])) : fake.repos.find((r) => r.owner.toLowerCase() === m?.[1]?.toLowerCase() && r.name.toLowerCase() === m?.[2]?.toLowerCase());
  if (!repo || (repo.private && !login)) return NOT_FOUND;
  const rest = (byId ? byId[2] : m?.[3]) ?? '';
  const listPath = `/repositories/${repo.id}`;
  if (rest === '') return { status: 200, payload: repoPayload(repo, api) };
  if (rest === '/issues') {
    const assignee = url.searchParams.get('assignee');
    // Newest first, PRs included (the issues endpoint lists them too), as GitHub does.
    const all = [...repo.issues.map((i) => ({ n: i.number, p: issuePayload(repo, i, api), who: i.assignees ?? [] })), ...repo.pulls.map((p) => ({ n: p.number, p: pullAsIssuePayload(repo, p, api), who: [] as string[] }))]
      .filter((x) => !assignee || x.who.some((w) => w.toLowerCase() === assignee.toLowerCase()))
      .sort((a, b) => b.n - a.n);
    return paged(all.map((x) => x.p), url, `${listPath}/issues`, api);
  }
  if (rest === '/pulls') return paged([...repo.pulls].sort((a, b) => b.number - a.number).map((p) => pullPayload(repo, p, api)), url, `${listPath}/pulls`, api);
  if (rest === '/commits') return { status: 200, payload: repo.commits.slice(0, Math.min(100, Number(url.searchParams.get('per_page')) || 30)).map((c) => commitPayload(repo, c, api)) };
  const checks = /^\/commits\/([^/]+)\/(check-runs|status)$/.exec(rest);
  if (checks) {
    const sha = checks[1]!;
    if (checks[2] === 'check-runs') {
      const runs = (repo.checkRuns[sha] ?? []).map((r, i) => ({ id: 30_000 + i, head_sha: sha, node_id: 'CR_kwDOAAAAAA', name: r.name, status: r.status, conclusion: r.status === 'completed' ? (r.conclusion ?? null) : null, started_at: '2026-11-20T10:00:00Z', completed_at: r.status === 'completed' ? '2026-11-20T10:05:00Z' : null, app: { slug: 'github-actions' } }));
      return { status: 200, payload: { total_count: runs.length, check_runs: runs } };
    }
    const statuses = (repo.statuses[sha] ?? []).map((s, i) => ({ id: 40_000 + i, context: s.context, state: s.state, description: null, target_url: 'https://example.com', created_at: '2026-11-20T10:00:00Z', updated_at: '2026-11-20T10:00:00Z' }));
    const state = statuses.some((s) => s.state === 'failure' || s.state === 'error') ? 'failure' : statuses.every((s) => s.state === 'success') && statuses.length ? 'success' : 'pending';
    return { status: 200, payload: { state, sha, total_count: statuses.length, statuses, repository: repoPayload(repo, api) } };
  }
  return NOT_FOUND;
}

const GraphqlBody = z.object({ query: z.string(), variables: z.record(z.string(), z.unknown()).optional() });

/** Answers only the review-thread query's shape: `pN: pullRequest(number: $nN)` aliases. */
function graphql(fake: FakeGithub, login: string | undefined, body: string): Answer {
  if (!login) return { status: 401, payload: { message: 'This endpoint requires you to be authenticated.', documentation_url: 'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql' } };
  let parsed: z.infer<typeof GraphqlBody>;
  try {
    parsed = GraphqlBody.parse(JSON.parse(body));
  } catch {
    return { status: 400, payload: { message: 'Problems parsing JSON', documentation_url: DOCS } };
  }
  const vars = parsed.variables ?? {};
  const repo = fake.repos.find((r) => r.owner === vars.owner && r.name === vars.repo);
  if (!repo) return { status: 200, payload: { data: { repository: null }, errors: [{ type: 'NOT_FOUND', path: ['repository'], message: `Could not resolve to a Repository with the name '${String(vars.owner)}/${String(vars.repo)}'.` }] } };
  const repository: Record<string, unknown> = {};
  for (const m of parsed.query.matchAll(/(p\d+): pullRequest\(number: \$(n\d+)\)/g)) {
    const n = Number(vars[m[2]!]);
    const threads = repo.threads[n];
    repository[m[1]!] = repo.pulls.some((p) => p.number === n) ? { number: n, reviewThreads: { nodes: (threads ?? []).map((isResolved) => ({ isResolved })) } } : null;
  }
  return { status: 200, payload: { data: { repository } } };
}
