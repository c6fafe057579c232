import type { ProjectFacts, ScanResult } from '../../../shared/domain/scan';
import type { GitFileSet } from './git-file-set';
import type { HitReader } from './hit-reader';
import { scanMarkers, type MarkerScanOptions } from './marker-scan';
import type { ScanCache } from './scan-cache';
import type { ScanOptions } from './scan-repo';
import { scanPhase } from './scan-timing';

/** The markers half of a scan: what was found, skipped and counted, and the project facts. */
export interface MarkerPart {
  markers: ScanResult['markers'];
  skipped: ScanResult['skipped'];
  filesScanned: number;
  filesFromCache: number;
  facts?: ProjectFacts;
}

export type PartOptions = ScanOptions & { maxFileBytes: number; extraTags: string[]; wantFacts: boolean };

function readOptions(gitFiles: GitFileSet, options: PartOptions, alreadyRead?: HitReader): MarkerScanOptions {
  return {
    maxFileBytes: options.maxFileBytes,
    extraTags: options.extraTags,
    binaryByAttribute: gitFiles.binaryByAttribute,
    alreadyRead: alreadyRead?.outcomes,
    signal: options.signal,
    onProgress: (done, total) => options.onProgress?.(done, total, 'reading files'),
  };
}

/**
 * Reads only what git grep named (plus untracked files); everything else is known without reading.
 * `early` holds the hits already read while git grep was still searching.
 */
export async function markersFromGit(root: string, gitFiles: GitFileSet, hits: Set<string> | null, options: PartOptions, early?: HitReader): Promise<MarkerPart | 'cancelled'> {
  // Without git grep's answer (it failed), every file is read here.
  if (!hits) {
    const all = await scanMarkers(root, gitFiles.files, readOptions(gitFiles, options));
    if (all.cancelled) return 'cancelled';
    return { ...all, facts: options.wantFacts ? await factsOf(root, gitFiles.files, all.sizes) : undefined };
  }
  // Read only what git grep named (in its order, which is the index's) and the untracked files;
  // the rest were searched by git and hold no marker. Files over the cap are reported, not read.
  const oversize = gitFiles.oversize(options.maxFileBytes);
  const skipped: MarkerPart['skipped'] = oversize.map(([file, bytes]) => ({ file, reason: 'too_large', bytes }));
  const tooLarge = new Set(oversize.map(([file]) => file));
  const trackedHits = [...hits].filter((f) => gitFiles.holdsTracked(f) && !tooLarge.has(f));
  const searchedByGit = Math.max(0, gitFiles.trackedCount - oversize.length - trackedHits.length);
  const toRead = [...trackedHits, ...gitFiles.untracked];
  const result = await scanMarkers(root, toRead, readOptions(gitFiles, options, early));
  scanPhase(`read ${toRead.length} files (${early?.outcomes.size ?? 0} while git grep ran)`);
  if (result.cancelled) return 'cancelled';
  let facts: ProjectFacts | undefined;
  if (options.wantFacts) {
    const sizes = gitFiles.trackedSizes();
    for (const [file, bytes] of result.sizes) sizes.set(file, bytes);
    facts = await factsOf(root, gitFiles.files, sizes);
    scanPhase('facts');
  }
  return {
    markers: result.markers,
    skipped: [...skipped, ...result.skipped],
    filesScanned: result.filesScanned + searchedByGit,
    filesFromCache: 0,
    facts,
  };
}

/** Outside git: every file is read, except those unchanged since the last scan. */
export async function markersFromWalk(root: string, files: string[], cache: ScanCache | null, options: PartOptions): Promise<MarkerPart | 'cancelled'> {
  const result = await scanMarkers(root, files, {
    maxFileBytes: options.maxFileBytes,
    extraTags: options.extraTags,
    cache: cache?.load(),
    signal: options.signal,
    onProgress: (done, total) => options.onProgress?.(done, total, 'reading files'),
  });
  if (result.cancelled) return 'cancelled';
  if (result.changed) cache?.save(result.outcomes);
  return { ...result, facts: options.wantFacts ? await factsOf(root, files, result.sizes) : undefined };
}

async function factsOf(root: string, files: readonly string[], sizes: ReadonlyMap<string, number>): Promise<ProjectFacts> {
  // Loaded here, off the unchanged-tree fast path (it parses package.json with zod).
  const { projectFacts } = await import('./facts/project-facts');
  return projectFacts(root, files, sizes);
}
