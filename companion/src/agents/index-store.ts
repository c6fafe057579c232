import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ensureHome } from '../home/sessionpilot-home';
import { readJsonFile, writeJsonFile } from '../home/json-file';
import { FileIndexSchema, type FileIndex } from './file-index';

// 1: first version. 2: files carry an epoch. 3: lines without isSidechain count as the main conversation.
const INDEX_VERSION = 3;
const IndexStoreSchema = z.object({ version: z.literal(INDEX_VERSION), files: z.record(z.string(), FileIndexSchema) });

export const agentsDir = (home: string): string => join(home, 'agents');
const indexPath = (home: string): string => join(agentsDir(home), 'file-index.json');

/** The per-file index kept under SESSIONPILOT_HOME; a missing, old or damaged one starts afresh (it is a cache). */
export function readFileIndexes(home: string): Map<string, FileIndex> {
  const read = readJsonFile(indexPath(home), z.unknown());
  if (!read.ok || !read.value) return new Map();
  const parsed = IndexStoreSchema.safeParse(read.value);
  return parsed.success ? new Map(Object.entries(parsed.data.files)) : new Map();
}

export function writeFileIndexes(home: string, files: ReadonlyMap<string, FileIndex>): void {
  mkdirSync(agentsDir(ensureHome(home)), { recursive: true, mode: 0o700 });
  writeJsonFile(indexPath(home), { version: INDEX_VERSION, files: Object.fromEntries(files) }, { compact: true, durable: false });
}
