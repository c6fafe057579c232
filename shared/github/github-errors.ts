import { z } from 'zod';
import type { Failure } from '../result';

/** GitHub failures as codes and one sentence each; planning goes on with the local signals. */

export type GithubErrorCode =
  | 'github_unauthorized'
  | 'github_forbidden'
  | 'github_rate_limited'
  | 'github_not_found'
  | 'github_offline'
  | 'github_unavailable'
  | 'github_bad_response'
  | 'github_bad_repo';

export type GithubFailure = Failure<GithubErrorCode> & { /** Epoch ms, for rate limits. */ resetAt?: number };

const HeadersSchema = z.record(z.string(), z.union([z.string(), z.number(), z.undefined()]));

/** What Octokit's RequestError carries (identified by its fields, not instanceof). */
const RequestErrorSchema = z.object({
  status: z.number(),
  message: z.string().optional(),
  response: z.object({ headers: HeadersSchema.default({}), data: z.unknown().optional() }).optional(),
});

export type RequestErrorFacts = z.infer<typeof RequestErrorSchema>;

export function requestErrorFacts(err: unknown): RequestErrorFacts | null {
  const parsed = RequestErrorSchema.safeParse(err);
  return parsed.success ? parsed.data : null;
}

function header(headers: Record<string, string | number | undefined>, name: string): string | undefined {
  const v = headers[name];
  return v === undefined ? undefined : String(v);
}

export interface RateLimit {
  limit: number;
  remaining: number;
  /** Epoch ms when the window resets. */
  resetAt: number;
}

/** x-ratelimit-* as GitHub sends them (reset in epoch seconds); null when absent. */
export function rateLimitFrom(headers: Record<string, string | number | undefined>): RateLimit | null {
  const limit = Number(header(headers, 'x-ratelimit-limit'));
  const remaining = Number(header(headers, 'x-ratelimit-remaining'));
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  if (![limit, remaining, reset].every((n) => Number.isFinite(n) && n >= 0) || header(headers, 'x-ratelimit-remaining') === undefined) return null;
  return { limit, remaining, resetAt: reset * 1000 };
}

/** "14:05" in the runtime's time zone. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export interface ErrorContext {
  repo: string;
  now: number;
  formatTime?: (ms: number) => string;
}

/** Any error a GitHub call threw, as one failure a person can read. */
export function githubFailure(err: unknown, ctx: ErrorContext): GithubFailure {
  const facts = requestErrorFacts(err);
  if (!facts) return { code: 'github_offline', message: 'GitHub could not be reached; planning goes on with the local signals.' };
  const headers = facts.response?.headers ?? {};
  const limit = rateLimitFrom(headers);
  const secondary = /secondary rate limit/i.test(facts.message ?? '');
  if (facts.status === 429 || (facts.status === 403 && (limit?.remaining === 0 || secondary))) {
    const retryAfter = Number(header(headers, 'retry-after'));
    const resetAt = limit?.remaining === 0 ? limit.resetAt : Number.isFinite(retryAfter) && retryAfter > 0 ? ctx.now + retryAfter * 1000 : ctx.now + 60_000;
    const at = (ctx.formatTime ?? clockTime)(resetAt);
    return { code: 'github_rate_limited', message: `GitHub's rate limit is used up until ${at}; planning goes on with the local signals.`, resetAt };
  }
  switch (facts.status) {
    case 401:
      return { code: 'github_unauthorized', message: 'The GitHub token was refused (401): check it in Settings.' };
    case 403:
      return header(headers, 'x-github-sso')?.startsWith('required')
        ? { code: 'github_forbidden', message: `GitHub refused access to ${ctx.repo} (403): the token needs single sign-on authorization for its organization.` }
        : { code: 'github_forbidden', message: `GitHub refused access to ${ctx.repo} (403): the token may lack the scope or permission for it.` };
    case 404:
      return { code: 'github_not_found', message: `${ctx.repo} was not found, or the token cannot see it.` };
  }
  // Octokit reports a failed fetch (refused, reset, DNS) as status 500 with no response.
  if (!facts.response) return { code: 'github_offline', message: 'GitHub could not be reached; planning goes on with the local signals.' };
  return { code: 'github_unavailable', message: `GitHub answered with an error (${facts.status}); planning goes on with the local signals.` };
}
