import { z } from 'zod';

/**
 * What fetchGithubSignals needs from a GitHub client: Octokit's `request` and `graphql` shapes.
 * octokit-client.ts builds the real one; tests may pass anything with this shape.
 */
export interface GithubResponse {
  status: number;
  url: string;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

export interface GithubPort {
  /** False without a token: calls that need a login are skipped. */
  readonly authenticated: boolean;
  /** `route` like "GET /repos/{owner}/{repo}/issues"; rejects (as Octokit does) on 304 and on errors. */
  request(route: string, params?: Record<string, unknown>): Promise<GithubResponse>;
  graphql(query: string, variables?: Record<string, unknown>): Promise<unknown>;
}

/** One cached GET: its ETag, the parsed fields kept, and the next page's number when there is one. */
export const CachedResponseSchema = z.object({ etag: z.string().min(1), data: z.unknown(), nextPage: z.number().int().positive().optional() });
export type CachedResponse = z.infer<typeof CachedResponseSchema>;

/** Where ETags and their data live between scans (memory, a JSON file, extension storage). */
export interface EtagCache {
  get(key: string): Promise<unknown> | unknown;
  set(key: string, entry: CachedResponse): Promise<void> | void;
}

export interface MemoryEtagCache extends EtagCache {
  /** Everything held, oldest first, as JSON-ready pairs to persist and pass back in later. */
  entries(): [string, CachedResponse][];
}

/** An ETag cache in memory, dropping the oldest entries past `max` (a head SHA per PR adds up). */
export function memoryEtagCache(initial: Iterable<[string, CachedResponse]> = [], max = 500): MemoryEtagCache {
  const map = new Map<string, CachedResponse>(initial);
  return {
    get: (key) => map.get(key),
    set(key, entry) {
      map.delete(key);
      map.set(key, entry);
      while (map.size > max) map.delete(map.keys().next().value as string);
    },
    entries: () => [...map],
  };
}
