import { fetchGithubSignals } from '../../../shared/github/fetch-github-signals';
import { CachedResponseSchema, memoryEtagCache } from '../../../shared/github/github-port';
import { createGithubClient } from '../../../shared/github/octokit-client';
import type { Signal } from '../../../shared/domain/signal';
import type { GithubCommit } from '../../../shared/github/github-signals';
import type { SessionPilotDb } from '../db/db';
import { githubToken, loadAiSettings } from '../settings/ai-settings';

const ETAGS_KEY = 'githubEtags';

/**
 * GitHub signals for the planner, from the background (the token never leaves it). ETags persist
 * in IndexedDB, so a re-plan costs little rate limit. Any failure is one sentence among the plan's
 * notices; planning goes on with the local signals.
 */
export async function githubSignalsFor(db: SessionPilotDb, repo: string): Promise<{ signals: Signal[]; notices: string[]; commits: GithubCommit[] }> {
  const [token, settings, stored] = await Promise.all([githubToken(db), loadAiSettings(db), db.settings.get(ETAGS_KEY)]);
  const entries = Array.isArray(stored?.value)
    ? (stored.value as unknown[]).flatMap((e) => {
        if (!Array.isArray(e) || typeof e[0] !== 'string') return [];
        const parsed = CachedResponseSchema.safeParse(e[1]);
        return parsed.success ? [[e[0], parsed.data] as [string, typeof parsed.data]] : [];
      })
    : [];
  const cache = memoryEtagCache(entries);
  const client = createGithubClient({ token: token ?? undefined, baseUrl: settings.githubUrl });
  const r = await fetchGithubSignals(client, cache, { repo });
  if (!r.ok) return { signals: [], notices: [r.error.message], commits: [] };
  await db.settings.put({ key: ETAGS_KEY, value: [...cache.entries()] });
  return { signals: r.value.signals, notices: r.value.notices, commits: r.value.commits };
}
