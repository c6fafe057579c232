import { createHash } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { GitState, ProjectFacts, ScanResult, TestState } from '../../../shared/domain/scan';
import { readFailingTests } from './test-reports/read-failing-tests';
import { fail, ok, type Result } from '../../../shared/result';
import { listGitFiles } from './git-file-set';
import { readGitState } from './git-state';
import { fileSignature } from './file-signature';
import { DEFAULT_MAX_FILE_BYTES, sanitizeExtraTags, scanMarkers } from './marker-scan';
import { resolveDirectory, type ResolveFailure } from './resolve-directory';
import { ScanCache } from './scan-cache';
import { walkFiles } from './walk-file-set';

export interface ScanOptions {
  git?: boolean;
  tests?: boolean;
  maxFileBytes?: number;
  extraTags?: readonly string[];
  /** SESSIONPILOT_HOME: where the per-root cache lives; no cache without it. */
  cacheHome?: string;
  onProgress?: (done: number, total: number, message: string) => void;
  signal?: AbortSignal;
}

/**
 * Markers, git state and failing tests for one folder. Git runs in parallel with the marker scan;
 * files unchanged since the last scan (same size, mtime, ctime, inode) come from the cache.
 */
export async function scanRepo(path: string, options: ScanOptions = {}): Promise<Result<ScanResult, ResolveFailure | 'cancelled'>> {
  const started = performance.now();
  const resolved = resolveDirectory(path);
  if (!resolved.ok) return resolved;
  const root = resolved.value;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const extraTags = sanitizeExtraTags(options.extraTags);

  options.onProgress?.(0, 0, 'listing files');
  const gitState: Promise<GitState | null> = options.git === false ? Promise.resolve(null) : readGitState(root);
  const cache = options.cacheHome ? new ScanCache(options.cacheHome, root, `${maxFileBytes}|${extraTags.join(',')}`) : null;
  const gitFiles = await listGitFiles(root);
  const fileSet: ScanResult['fileSet'] = gitFiles ? 'git' : 'walk';
  const files = gitFiles ? gitFiles.files : walkFiles(root).sort();
  const finish = async (found: {
    markers: ScanResult['markers'];
    skipped: ScanResult['skipped'];
    filesScanned: number;
    filesFromCache: number;
    facts: ProjectFacts;
  }): Promise<Result<ScanResult, 'cancelled'>> => {
    const git = (await gitState) ?? { isRepo: gitFiles !== null };
    // A report older than the newest change (the last commit, or an edited file) is stale.
    const tests: TestState =
      options.tests === false
        ? { checked: false, failures: [] }
        : await readFailingTests(root, files, {
            now: Date.now(),
            newestSourceMtime: newestChange(root, gitFiles?.unvouched ?? [], git.recentCommits?.[0]?.date),
            signal: options.signal,
          });
    if (options.signal?.aborted) return fail('cancelled', 'The scan was cancelled.');
    return ok({
      root,
      markers: found.markers,
      git: gitFiles ? git : { isRepo: false },
      tests,
      facts: found.facts,
      fileSet,
      filesScanned: found.filesScanned,
      filesFromCache: found.filesFromCache,
      skipped: found.skipped,
      durationMs: Math.round(performance.now() - started),
    });
  };

  // Fast path: git vouches for every tracked file and the few others have the same signatures.
  const treeKey = gitFiles && cache ? `${gitFiles.digest}|${signaturesOf(root, gitFiles.unvouched)}` : null;
  const summary = treeKey ? cache!.loadSummary(treeKey) : null;
  if (summary) return finish({ markers: summary.markers, skipped: summary.skipped, filesScanned: 0, filesFromCache: files.length, facts: summary.facts });

  const result = await scanMarkers(root, files, {
    maxFileBytes,
    extraTags,
    binaryByAttribute: gitFiles?.binaryByAttribute,
    cleanBlobs: gitFiles?.cleanBlobs,
    cache: cache?.load(),
    signal: options.signal,
    onProgress: (done, total) => options.onProgress?.(done, total, 'reading files'),
  });
  if (result.cancelled) return fail('cancelled', 'The scan was cancelled.');
  if (result.changed) cache?.save(result.outcomes);
  // Loaded here, off the unchanged-tree fast path (it parses package.json with zod).
  const { projectFacts } = await import('./facts/project-facts');
  const facts = projectFacts(root, files, result.sizes);
  if (treeKey) cache!.saveSummary(treeKey, { markers: result.markers, skipped: result.skipped, filesScanned: result.filesScanned, facts });
  return finish({ ...result, facts });
}

/** The newest of the last commit and the mtimes of files that differ from it (few: untracked or modified). */
function newestChange(root: string, files: readonly string[], lastCommit: number | undefined): number | undefined {
  let newest = lastCommit;
  for (const f of files.slice(0, 2_000)) {
    try {
      const m = lstatSync(join(root, f)).mtimeMs;
      if (newest === undefined || m > newest) newest = m;
    } catch {
      /* gone */
    }
  }
  return newest;
}

/** Signatures of the files git does not vouch for; '' for one that is racy or gone (never reused). */
function signaturesOf(root: string, files: readonly string[]): string {
  const now = Date.now();
  const parts: string[] = [];
  for (const f of files) {
    try {
      parts.push(`${f}=${fileSignature(lstatSync(join(root, f)), now) || `racy${now}`}`);
    } catch {
      parts.push(`${f}=gone`);
    }
  }
  return createHash('sha1').update(parts.join('\0')).digest('hex');
}
