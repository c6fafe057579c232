import { join } from 'node:path';
import { z } from 'zod';
import { CachedResponseSchema, memoryEtagCache, type MemoryEtagCache } from '../../../shared/github/github-port';
import { ensureHome } from '../home/sessionpilot-home';
import { readJsonFile, writeJsonFile } from '../home/json-file';

/** The CLI's GitHub ETag cache: one JSON file under SESSIONPILOT_HOME, so a re-plan costs little rate limit. */

const FileSchema = z.object({ version: z.literal(1), entries: z.array(z.tuple([z.string(), CachedResponseSchema])) });

export function githubEtagPath(home: string): string {
  return join(home, 'github-etags.json');
}

/** The saved cache; a missing or damaged file starts empty (it is only a cache). */
export function loadGithubEtags(home: string): MemoryEtagCache {
  const read = readJsonFile(githubEtagPath(home), FileSchema);
  return memoryEtagCache(read.ok && read.value ? read.value.entries : []);
}

export function saveGithubEtags(home: string, cache: MemoryEtagCache): void {
  ensureHome(home);
  writeJsonFile(githubEtagPath(home), { version: 1, entries: cache.entries() }, { compact: true, durable: false });
}
