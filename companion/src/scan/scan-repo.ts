import type { ScanResult } from '../../../shared/domain/scan';
import { fail, ok, type Result } from '../../../shared/result';
import { listGitFiles } from './git-file-set';
import { readGitState } from './git-state';
import { scanMarkers } from './marker-scan';
import { resolveDirectory, type ResolveFailure } from './resolve-directory';
import { walkFiles } from './walk-file-set';

export interface ScanOptions {
  git?: boolean;
  tests?: boolean;
  maxFileBytes?: number;
  extraTags?: readonly string[];
  onProgress?: (done: number, total: number, message: string) => void;
  signal?: AbortSignal;
}

/** Markers, git state and (later) failing tests for one folder. */
export async function scanRepo(path: string, options: ScanOptions = {}): Promise<Result<ScanResult, ResolveFailure | 'cancelled'>> {
  const started = performance.now();
  const resolved = resolveDirectory(path);
  if (!resolved.ok) return resolved;
  const root = resolved.value;

  options.onProgress?.(0, 0, 'listing files');
  const gitFiles = await listGitFiles(root);
  const fileSet = gitFiles ? 'git' : 'walk';
  const files = gitFiles ? gitFiles.files : walkFiles(root).sort();
  const gitState = options.git === false || !gitFiles ? Promise.resolve({ isRepo: gitFiles !== null }) : readGitState(root);

  const result = scanMarkers(root, files, {
    maxFileBytes: options.maxFileBytes,
    extraTags: options.extraTags,
    binaryByAttribute: gitFiles?.binaryByAttribute,
    signal: options.signal,
    onProgress: (done, total) => options.onProgress?.(done, total, 'reading files'),
  });
  const git = await gitState;
  if (options.signal?.aborted) return fail('cancelled', 'The scan was cancelled.');
  return ok({
    root,
    markers: result.markers,
    git,
    // Failing-test discovery (JUnit, vitest/jest JSON, pytest, go test) arrives with the scanner issue.
    tests: { checked: false, failures: [] },
    fileSet,
    filesScanned: result.filesScanned,
    skipped: result.skipped,
    durationMs: Math.round(performance.now() - started),
  });
}
