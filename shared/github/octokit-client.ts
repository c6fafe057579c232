/**
 * The one file that imports Octokit: builds the GithubPort for fetchGithubSignals.
 *
 * It lives in shared/ because both the extension background and the CLI need it, and Octokit is
 * runtime-neutral (it calls the global fetch, present in service workers and Node 20) and passes
 * `tsc -p shared/tsconfig.json` with no DOM or Node types. fetchGithubSignals itself never imports
 * it: it takes the port, so tests and other runtimes can pass their own.
 */
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GithubPort } from './github-port';

export interface GithubClientOptions {
  /** A personal access token; empty or absent means unauthenticated (public repos, 60 requests an hour). */
  token?: string | undefined;
  /** https://api.github.com by default; tests point it at a local fake. */
  baseUrl?: string | undefined;
  userAgent?: string | undefined;
  /** Retries of a failed connection or a 5xx, after 1 s, 4 s, … times `retryAfterMs / 1000`. */
  retries?: number | undefined;
  retryAfterMs?: number | undefined;
}

const SessionpilotOctokit = Octokit.plugin(retry, throttling);

let clients = 0;

export function createGithubClient(options: GithubClientOptions = {}): GithubPort {
  const token = options.token?.trim() || undefined;
  const octokit = new SessionpilotOctokit({
    ...(token ? { auth: token } : {}),
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
    userAgent: options.userAgent ?? 'sessionpilot',
    // Rate limits are reported with their reset time, never waited out; 429 is theirs too, not retry's.
    throttle: {
      onRateLimit: () => false,
      onSecondaryRateLimit: () => false,
      // Its own limiter key per client: otherwise GraphQL calls from every client in the process queue 1 s apart.
      id: `sessionpilot-${++clients}`,
    },
    retry: {
      retries: options.retries ?? 1,
      retryAfterBaseValue: options.retryAfterMs ?? 1000,
      doNotRetry: [304, 400, 401, 403, 404, 410, 422, 429, 451],
    },
    // Octokit logs 4xx details to console by default; failures reach the user as one sentence instead.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  return {
    authenticated: token !== undefined,
    request: (route, params) => octokit.request(route, params),
    graphql: (query, variables) => octokit.graphql(query, variables),
  };
}
