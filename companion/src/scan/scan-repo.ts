import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { GitState, ScanResult, TestState } from '../../../shared/domain/scan';
import { MARKER_TAGS } from '../../../shared/domain/marker-tags';
import { fail, ok, type Result } from '../../../shared/result';
import { fileSignature } from './file-signature';
import { parseGitTree, readIndex } from './git-file-set';
import { openGitWorkTree, queryGitTree } from './git-tree-query';
import { readIndexIdentity } from './git/read-index';
import { runStatus } from './git/work-tree-status';
import { gitGrepHitFiles } from './git-grep-hits';
import type { HitReader } from './hit-reader';
import { readGitState } from './git-state';
import type { MarkerPart } from './marker-part';
import { DEFAULT_MAX_FILE_BYTES, sanitizeExtraTags } from './marker-options';
import { resolveDirectory, type ResolveFailure } from './resolve-directory';
import { ScanCache } from './scan-cache';
import { scanPhase } from './scan-timing';
import { findTestReports, reportPlaces, type ReportPlaces } from './test-reports/find-test-reports';
import { readFailingTests } from './test-reports/read-failing-tests';

export interface ScanOptions {
  git?: boolean;
  tests?: boolean;
  maxFileBytes?: number;
  extraTags?: readonly string[];
  /** SESSIONPILOT_HOME: where the per-root cache lives; no cache without it. */
  cacheHome?: string;
  onProgress?: (done: number, total: number, message: string) => void;
  signal?: AbortSignal;
  /**
   * The real path a caller already confined (the socket's root guard). A folder that no longer
   * resolves to it (swapped for a symlink since the check) is refused before anything is read.
   */
  expectRoot?: string;
}

/**
 * Markers, git state, failing tests and project facts for one folder.
 * In a git repo, git's own multi-threaded `git grep -l` finds which tracked files hold a tag while
 * git lists the files; only those files (and untracked ones) are read here. An unchanged tree
 * reuses the last result. Outside git, every file is read (with a per-file cache).
 */
export async function scanRepo(path: string, options: ScanOptions = {}): Promise<Result<ScanResult, ResolveFailure | 'cancelled' | 'path_not_allowed'>> {
  const started = performance.now();
  const resolved = resolveDirectory(path);
  if (!resolved.ok) return resolved;
  const root = resolved.value;
  if (options.expectRoot !== undefined && root !== options.expectRoot) {
    return fail('path_not_allowed', `${path} changed while it was being checked (it now leads elsewhere); it was not scanned.`);
  }
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const extraTags = sanitizeExtraTags(options.extraTags);
  const tags = [...MARKER_TAGS, ...extraTags];
  const wantFacts = options.git !== false || options.tests !== false;

  options.onProgress?.(0, 0, 'listing files');
  const cache = options.cacheHome ? new ScanCache(options.cacheHome, root, `${maxFileBytes}|${extraTags.join(',')}|${wantFacts}`) : null;
  // With no earlier result, git grep starts at once beside the listing; with one, it waits to learn
  // whether the tree changed (on two cores a needless search slows the re-scan it would race).
  const grepStop = new AbortController();
  options.signal?.addEventListener('abort', () => grepStop.abort(), { once: true });
  // Files git grep names are read while it searches on, once the file set is known (see HitReader).
  const named: string[] = [];
  let hitReader: HitReader | null = null;
  const onHit = (file: string) => (hitReader ? hitReader.push(file) : named.push(file));
  const startGrep = () => gitGrepHitFiles(root, tags, { signal: grepStop.signal, onHit });
  const previous = cache?.readSummary() ?? null;
  const earlier = previous !== null;
  let grep: Promise<Set<string> | null> | null = earlier ? null : startGrep();
  scanPhase('start');
  const tree = await openGitWorkTree(root);
  // Taken before status looks at the tree: an index that changes after this misses the cache next time.
  const identity = tree ? readIndexIdentity(tree.gitDir) : null;
  // One status serves the file set and the git state. A markers-only scan of a subfolder asks about
  // that folder alone (at the top, `-- .` would only add pathspec matching to every entry).
  const onlyHere = options.git === false && tree?.prefix !== '';
  const status = tree ? runStatus(root, tree.extraConfig, { withBranch: options.git !== false, onlyHere }) : null;
  const gitState: Promise<GitState | null> =
    options.git === false || !tree ? Promise.resolve(null) : readGitState(root, { gitDir: tree.gitDir, extraConfig: tree.extraConfig, status });
  // With no earlier result the index is parsed while status runs; with one, only if the tree changed,
  // and the test reports are looked for meanwhile where the last file list said they may be.
  const indexRead = tree && !earlier ? readIndex(tree) : null;
  const earlyPlaces = tree && options.tests !== false ? previous?.reportPlaces : null;
  let reportsFound = earlyPlaces ? { places: earlyPlaces, candidates: findTestReports(root, earlyPlaces) } : null;
  const query = tree ? await queryGitTree(tree, status, identity) : null;
  scanPhase('queried tree');

  let part: MarkerPart | 'cancelled' | null = null;
  /** Where test reports may be, from git's file list (kept in the summary). */
  let places: ReportPlaces | null = null;
  let files: readonly string[] | ReportPlaces = [];
  if (query) {
    const treeKey = cache ? `${query.digest}|${signaturesOf(root, query.unvouched)}` : null;
    const summary = treeKey && previous && cache!.matches(previous, treeKey) ? previous : null;
    scanPhase(summary ? 'unchanged since the last scan' : 'tree key');
    if (summary) {
      // Unchanged: nothing is read, not even the index (unless a scan without tests left no report places).
      grepStop.abort();
      places = summary.reportPlaces;
      if (!places && options.tests !== false) {
        const gitFiles = await parseGitTree(query, readIndex(query.tree));
        places = reportPlaces(gitFiles?.files ?? []);
      }
      files = places ?? [];
      part = { markers: summary.markers, skipped: summary.skipped, filesScanned: 0, filesFromCache: summary.filesScanned, facts: summary.facts ?? undefined };
    } else {
      const gitFiles = await parseGitTree(query, indexRead ?? readIndex(query.tree));
      scanPhase('parsed tree');
      if (gitFiles) {
        places = options.tests === false ? null : reportPlaces(gitFiles.files);
        files = places ?? [];
        // Looked for while git grep runs.
        if (places && !(reportsFound && samePlaces(reportsFound.places, places))) reportsFound = { places, candidates: findTestReports(root, places) };
        const oversize = gitFiles.oversize(maxFileBytes).map(([f]) => f);
        if (oversize.length) {
          // Rare: search again without the files over the cap, which are reported, not read.
          grepStop.abort();
          grep = gitGrepHitFiles(root, tags, { exclude: oversize, signal: options.signal, onHit });
        }
        grep ??= startGrep();
        const { HitReader } = await import('./hit-reader');
        hitReader = new HitReader(root, extraTags, options.signal);
        for (const file of named.splice(0)) hitReader.push(file);
        hitReader.start(gitFiles, maxFileBytes);
        const hits = await grep;
        hitReader.stop(); // what it did not get to is read below, with the untracked files
        scanPhase('grep done');
        const { markersFromGit } = await import('./marker-part');
        part = await markersFromGit(root, gitFiles, hits, { ...options, maxFileBytes, extraTags, wantFacts }, hitReader);
        if (part !== 'cancelled' && treeKey) {
          cache!.saveSummary(treeKey, {
            markers: part.markers,
            skipped: part.skipped,
            filesScanned: part.filesScanned,
            facts: part.facts ?? null,
            reportPlaces: places,
          });
        }
      }
    }
  }
  // Outside git (or when git cannot list the files): walk the folder.
  const fileSet = part ? 'git' : 'walk';
  if (!part) {
    grepStop.abort();
    // Loaded only here: the reader, and the .gitignore walk, are off an unchanged tree's path.
    const [{ walkFiles }, { markersFromWalk }] = await Promise.all([import('./walk-file-set'), import('./marker-part')]);
    const walked = walkFiles(root).sort();
    files = walked;
    part = await markersFromWalk(root, walked, cache, { ...options, maxFileBytes, extraTags, wantFacts });
  }
  if (part === 'cancelled' || options.signal?.aborted) return fail('cancelled', 'The scan was cancelled.');

  scanPhase('markers done');
  const git = (await gitState) ?? { isRepo: fileSet === 'git' };
  scanPhase('git state done');
  // A report older than the newest change (the last commit, or an edited file) is stale.
  const tests: TestState =
    options.tests === false
      ? { checked: false, failures: [] }
      : await readFailingTests(root, files, {
          now: Date.now(),
          newestSourceMtime: newestChange(root, query?.unvouched ?? [], git.recentCommits?.[0]?.date),
          signal: options.signal,
          candidates: reportsFound && places && samePlaces(reportsFound.places, places) ? reportsFound.candidates : undefined,
        });
  scanPhase('tests done');
  if (options.signal?.aborted) return fail('cancelled', 'The scan was cancelled.');
  return ok({
    root,
    markers: part.markers,
    git: fileSet === 'git' ? git : { isRepo: false },
    tests,
    ...(part.facts ? { facts: part.facts } : {}),
    fileSet,
    filesScanned: part.filesScanned,
    filesFromCache: part.filesFromCache,
    skipped: part.skipped,
    durationMs: Math.round(performance.now() - started),
  });
}

function samePlaces(a: ReportPlaces, b: ReportPlaces): boolean {
  const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a === b || (same(a.projects, b.projects) && same(a.reportLike, b.reportLike));
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

/** Signatures of the files git does not vouch for; unique for one that is racy or gone (never reused). */
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
  return parts.join('\0');
}
