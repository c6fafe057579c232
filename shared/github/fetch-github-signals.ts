/**
 * GitHub signals for a workspace's owner/repo, for the planner (CLI `plan --github` and the
 * extension background alike). Runtime-neutral: the client and the ETag cache come in as ports.
 *
 *   const client = createGithubClient({ token: process.env.GITHUB_TOKEN });   // ./octokit-client
 *   const cache = memoryEtagCache(savedEntries);                              // ./github-port
 *   const r = await fetchGithubSignals(client, cache, { repo: 'owner/repo' });
 *   if (r.ok) plan with [...localSignals, ...r.value.signals]; show r.value.notices; save cache.entries()
 *   else show r.error.message (one sentence) and plan with the local signals.
 *
 * Calls, each a conditional GET with the cached ETag (a 304 reuses the cached fields and costs no
 * rate limit): the token's user (unless `login` is given), the repo (default branch), open issues
 * (pages followed up to `maxPages`), and with a login also the issues assigned to the user, open
 * PRs, checks (check runs + combined status) of the user's PRs' head commits and one GraphQL query
 * for their unresolved review threads; then recent commits on the default branch.
 * Without a token the login-only calls are skipped and a notice says so.
 */
import type { z } from 'zod';
import { fail, ok } from '../result';
import { githubFailure, rateLimitFrom, requestErrorFacts, type ErrorContext, type GithubFailure, type RateLimit } from './github-errors';
import {
  CheckRunsPayloadSchema,
  CombinedStatusPayloadSchema,
  CommitPayloadSchema,
  IssuePayloadSchema,
  PullPayloadSchema,
  RepoPayloadSchema,
  ReviewThreadsPayloadSchema,
  UserPayloadSchema,
  type IssuePayload,
} from './github-payloads';
import { CachedResponseSchema, type EtagCache, type GithubPort, type GithubResponse } from './github-port';
import { checksState, commitsFrom, issueSignals, openThreadCounts, orderPulls, pullNeedsUser, pullSignal, type GithubCommit, type GithubItemSignal } from './github-signals';

export interface FetchGithubOptions {
  /** "owner/repo" as the workspace names it; signal ids use it as given. */
  repo: string;
  /** The user's login when already known (saves a call); otherwise asked of GitHub when authenticated. */
  login?: string;
  /** Items per page, at most 100 (GitHub's cap). */
  perPage?: number;
  /** Pages of open issues and of open PRs to read at most. */
  maxPages?: number;
  /** Recent commits on the default branch to return. */
  commitCount?: number;
  /** Own PRs whose checks and threads are looked up, at most (each costs two requests). */
  maxOwnPulls?: number;
  now?: () => number;
  /** How a rate-limit reset time appears in the message; "14:05" local time by default. */
  formatTime?: (ms: number) => string;
}

export interface GithubScan {
  repo: string;
  /** null when unauthenticated. */
  login: string | null;
  defaultBranch: string;
  /** Open issues (assigned to the user first), then the PRs that ask something of the user. */
  signals: GithubItemSignal[];
  /** Recent commits on the default branch, newest first: context, not tasks. */
  commits: GithubCommit[];
  /** From the last answer that carried the headers; null when none did. */
  rateLimit: RateLimit | null;
  /** Requests sent, and how many came back 304 (answered from the cache, no rate limit spent). */
  requests: { sent: number; notModified: number };
  /** Sentences for the user about what was left out. */
  notices: string[];
}

/** Like Result, with the failure's `resetAt` when rate limited. */
export type GithubScanResult = { ok: true; value: GithubScan } | { ok: false; error: GithubFailure };

const REPO = /^([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})$/;

class GithubStop {
  constructor(readonly failure: GithubFailure) {}
}

interface Page<T> {
  items: T;
  nextPage: number | undefined;
}

/** The page number of rel="next" in a `link` header (the next page is asked for by route, not by URL). */
export function nextPageFromLink(link: string | undefined): number | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    if (!/;\s*rel="next"/.test(part)) continue;
    const m = /[?&]page=(\d+)/.exec(part);
    return m ? Number(m[1]) : undefined;
  }
  return undefined;
}

function cacheKey(route: string, params: Record<string, unknown>): string {
  return `${route} ${JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}

class Scan {
  sent = 0;
  notModified = 0;
  rateLimit: RateLimit | null = null;

  constructor(
    private readonly client: GithubPort,
    private readonly cache: EtagCache,
    private readonly ctx: ErrorContext,
  ) {}

  private noteHeaders(headers: GithubResponse['headers'] | undefined): void {
    const limit = headers ? rateLimitFrom(headers) : null;
    // GraphQL has its own budget; the REST one is what a re-scan spends.
    if (limit && headers?.['x-ratelimit-resource'] !== 'graphql') this.rateLimit = limit;
  }

  /** A conditional GET: sends the cached ETag, answers a 304 from the cache, parses a 200 with `schema`. */
  async get<S extends z.ZodType>(route: string, params: Record<string, unknown>, schema: S): Promise<Page<z.infer<S>>> {
    const key = cacheKey(route, params);
    const cachedRaw = CachedResponseSchema.safeParse(await this.cache.get(key));
    const cached = cachedRaw.success ? cachedRaw.data : null;
    const cachedData = cached ? schema.safeParse(cached.data) : null;
    const etag = cached && cachedData?.success ? cached.etag : undefined;
    let response: GithubResponse;
    try {
      this.sent++;
      response = await this.client.request(route, { ...params, ...(etag ? { headers: { 'if-none-match': etag } } : {}) });
    } catch (err) {
      const facts = requestErrorFacts(err);
      if (facts?.status === 304 && cached && cachedData?.success) {
        this.notModified++;
        this.noteHeaders(facts.response?.headers);
        return { items: cachedData.data, nextPage: cached.nextPage };
      }
      throw new GithubStop(githubFailure(err, this.ctx));
    }
    this.noteHeaders(response.headers);
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) throw new GithubStop({ code: 'github_bad_response', message: `GitHub's answer for ${this.ctx.repo} was not what SessionPilot expects; planning goes on with the local signals.` });
    const nextPage = nextPageFromLink(typeof response.headers.link === 'string' ? response.headers.link : undefined);
    const newEtag = response.headers.etag;
    if (typeof newEtag === 'string' && newEtag) await this.cache.set(key, { etag: newEtag, data: parsed.data, ...(nextPage ? { nextPage } : {}) });
    return { items: parsed.data, nextPage };
  }

  async pages<S extends z.ZodType<unknown[]>>(route: string, params: Record<string, unknown>, schema: S, maxPages: number): Promise<{ items: z.infer<S>; more: boolean }> {
    const items: unknown[] = [];
    let page: number | undefined = 1;
    for (let n = 0; page !== undefined && n < maxPages; n++) {
      const got: Page<unknown[]> = await this.get(route, { ...params, page }, schema);
      items.push(...got.items);
      page = got.nextPage;
    }
    return { items: items as z.infer<S>, more: page !== undefined };
  }
}

const ISSUES = IssuePayloadSchema.array();
const PULLS = PullPayloadSchema.array();
const COMMITS = CommitPayloadSchema.array();

function threadsQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `, $n${i}: Int!`).join('');
  const fields = Array.from({ length: count }, (_, i) => `p${i}: pullRequest(number: $n${i}) { number reviewThreads(first: 100) { nodes { isResolved } } }`).join(' ');
  return `query($owner: String!, $repo: String!${vars}) { repository(owner: $owner, name: $repo) { ${fields} } }`;
}

/** Reads the repo's GitHub signals; a failure is one sentence with a code (see github-errors.ts). */
export async function fetchGithubSignals(client: GithubPort, cache: EtagCache, options: FetchGithubOptions): Promise<GithubScanResult> {
  const m = REPO.exec(options.repo);
  if (!m || m[2] === '.' || m[2] === '..') return fail('github_bad_repo', `"${options.repo}" is not an owner/repo name.`);
  const [, owner, repo] = m as unknown as [string, string, string];
  const now = options.now ?? Date.now;
  const ctx: ErrorContext = { repo: options.repo, now: now(), ...(options.formatTime ? { formatTime: options.formatTime } : {}) };
  const perPage = Math.min(100, Math.max(1, options.perPage ?? 100));
  const maxPages = Math.max(1, options.maxPages ?? 3);
  const scan = new Scan(client, cache, ctx);
  const notices: string[] = [];
  try {
    let login: string | null = null;
    if (client.authenticated) login = options.login ?? (await scan.get('GET /user', {}, UserPayloadSchema)).items.login;
    const repoInfo = (await scan.get('GET /repos/{owner}/{repo}', { owner, repo }, RepoPayloadSchema)).items;

    const open = await scan.pages('GET /repos/{owner}/{repo}/issues', { owner, repo, state: 'open', per_page: perPage }, ISSUES, maxPages);
    let issues: IssuePayload[] = open.items;
    if (login !== null) {
      // The user's own issues may sit past the pages read in a big repo: ask for them by name.
      const mine = await scan.get('GET /repos/{owner}/{repo}/issues', { owner, repo, state: 'open', assignee: login, per_page: 100 }, ISSUES);
      issues = [...mine.items, ...issues];
    }
    if (open.more) notices.push(`Only the ${maxPages * perPage} most recent open issues of ${options.repo} were read.`);
    const signals = issueSignals(options.repo, issues, login);

    if (login !== null) signals.push(...(await pullSignals(scan, client, { owner, repo, login, perPage, maxPages, maxOwn: options.maxOwnPulls ?? 10, name: options.repo, notices })));
    else notices.push('Without a GitHub token, assigned issues, your PRs, review requests and review threads are left out (public data only).');

    const commits = (await scan.get('GET /repos/{owner}/{repo}/commits', { owner, repo, sha: repoInfo.default_branch, per_page: options.commitCount ?? 10 }, COMMITS)).items;
    return ok({
      repo: options.repo,
      login,
      defaultBranch: repoInfo.default_branch,
      signals,
      commits: commitsFrom(commits),
      rateLimit: scan.rateLimit,
      requests: { sent: scan.sent, notModified: scan.notModified },
      notices,
    });
  } catch (err) {
    if (err instanceof GithubStop) return { ok: false, error: err.failure };
    throw err;
  }
}

interface PullContext {
  owner: string;
  repo: string;
  login: string;
  perPage: number;
  maxPages: number;
  maxOwn: number;
  name: string;
  notices: string[];
}

async function pullSignals(scan: Scan, client: GithubPort, p: PullContext): Promise<GithubItemSignal[]> {
  const { owner, repo } = p;
  const pulls = (await scan.pages('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'open', per_page: p.perPage }, PULLS, p.maxPages)).items;
  const own = pulls.filter((pr) => pr.user?.login.toLowerCase() === p.login.toLowerCase()).slice(0, p.maxOwn);
  const checks = new Map<number, ReturnType<typeof checksState>>();
  for (const pr of own) {
    const ref = pr.head.sha;
    const runs = (await scan.get('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { owner, repo, ref, per_page: 100 }, CheckRunsPayloadSchema)).items;
    const status = (await scan.get('GET /repos/{owner}/{repo}/commits/{ref}/status', { owner, repo, ref }, CombinedStatusPayloadSchema)).items;
    checks.set(pr.number, checksState(runs, status));
  }
  const threads = await openThreads(client, owner, repo, own.map((pr) => pr.number), p);
  const signals = pulls.map((pr) => pullSignal(p.name, pr, p.login, { checks: checks.get(pr.number), openThreads: threads.get(pr.number) }));
  return orderPulls(signals.filter(pullNeedsUser));
}

/** Review threads come from GraphQL (REST has no "resolved"); a failure here only costs a notice. */
async function openThreads(client: GithubPort, owner: string, repo: string, numbers: number[], p: PullContext): Promise<Map<number, number>> {
  if (numbers.length === 0) return new Map();
  const variables: Record<string, unknown> = { owner, repo };
  numbers.forEach((n, i) => (variables[`n${i}`] = n));
  let answer: unknown;
  try {
    answer = await client.graphql(threadsQuery(numbers.length), variables);
  } catch {
    p.notices.push(`Review threads on your PRs in ${p.name} could not be read.`);
    return new Map();
  }
  const parsed = ReviewThreadsPayloadSchema.safeParse(answer);
  if (!parsed.success) {
    p.notices.push(`Review threads on your PRs in ${p.name} could not be read.`);
    return new Map();
  }
  return openThreadCounts(parsed.data);
}
