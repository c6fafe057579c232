import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { ScanResult } from '../../../shared/domain/scan';
import { MARKER_TAGS } from '../../../shared/domain/marker-tags';
import { fail, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/run-git';
import { markerNeedles } from '../scan/buffer-markers';
import { FileReader } from '../scan/file-reader';
import { listGitFiles } from '../scan/git-file-set';
import { readGitState } from '../scan/git-state';
import { DEFAULT_MAX_FILE_BYTES, sanitizeExtraTags } from '../scan/marker-scan';
import { scanRepo } from '../scan/scan-repo';
import { readFailingTests } from '../scan/test-reports/read-failing-tests';
import { walkFiles } from '../scan/walk-file-set';
import { TreeWatcher, type TreeChanges } from './tree-watcher';

export interface LiveChange {
  files: number;
  markersBefore: number;
  markersAfter: number;
  git: boolean;
}

/**
 * A scan kept current while a session runs: file changes re-read only the changed files, .git
 * changes refresh the git state, and test reports are read again; no full re-scan.
 */
export class LiveScan {
  private files: Set<string>;
  private watcher: TreeWatcher | null = null;
  private applying: Promise<void> = Promise.resolve();

  readonly tagsKey: string;

  private constructor(
    readonly root: string,
    private result: ScanResult,
    files: readonly string[],
    private readonly tags: readonly string[],
    private readonly onUpdate: (result: ScanResult, change: LiveChange) => void,
  ) {
    this.files = new Set(files);
    this.tagsKey = tags.slice(MARKER_TAGS.length).join(',');
  }

  static async start(
    path: string,
    cacheHome: string,
    extraTags: readonly string[],
    onUpdate: (result: ScanResult, change: LiveChange) => void,
  ): Promise<Result<LiveScan>> {
    const extra = sanitizeExtraTags(extraTags);
    // `path` is the socket's confined real root: a folder swapped for a symlink since is refused.
    const first = await scanRepo(path, { cacheHome, extraTags: extra, expectRoot: path });
    if (!first.ok) return fail(first.error.code, first.error.message);
    const root = first.value.root;
    const gitFiles = await listGitFiles(root);
    const files = gitFiles ? gitFiles.files : walkFiles(root);
    const live = new LiveScan(root, first.value, files, [...MARKER_TAGS, ...extra], onUpdate);
    const gitDir = gitFiles ? await gitDirOf(root) : null;
    live.watcher = new TreeWatcher(
      root,
      files,
      gitDir,
      (changes) => {
        live.applying = live.applying.then(() => live.apply(changes)).catch(() => {});
      },
      250,
      reportDirs(root, first.value),
    );
    return ok(live);
  }

  get current(): ScanResult {
    return this.result;
  }

  private async apply(changes: TreeChanges): Promise<void> {
    const root = this.root;
    const changed = [...changes.files];
    // New paths count only when git would list them (not ignored); known ones are re-read as they are.
    const unknown = changed.filter((f) => !this.files.has(f));
    const ignored = unknown.length && this.result.fileSet === 'git' ? await ignoredAmong(root, unknown) : new Set<string>();
    const reader = new FileReader(root, markerNeedles(this.tags), DEFAULT_MAX_FILE_BYTES, Date.now());
    const replaced = new Map<string, ScanResult['markers']>();
    for (const rel of changed) {
      if (ignored.has(rel)) continue;
      let isFile = false;
      try {
        isFile = lstatSync(join(root, rel)).isFile();
      } catch {
        isFile = false;
      }
      if (!isFile) {
        if (this.files.delete(rel)) replaced.set(rel, []);
        continue;
      }
      this.files.add(rel);
      const outcome = reader.read(rel, undefined);
      replaced.set(rel, (outcome?.markers ?? []).map(([line, tag, text, context]) => (context ? { file: rel, line, tag, text, context } : { file: rel, line, tag, text })));
    }
    const before = this.result.markers.length;
    const markers = this.result.markers.filter((m) => !replaced.has(m.file));
    for (const list of replaced.values()) markers.push(...list);
    markers.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    const git = changes.git || replaced.size ? await readGitState(root) : this.result.git;
    const tests = await readFailingTests(root, [...this.files], { now: Date.now(), newestSourceMtime: git.recentCommits?.[0]?.date });
    this.result = { ...this.result, markers, git: this.result.git.isRepo ? git : this.result.git, tests };
    this.onUpdate(this.result, { files: replaced.size, markersBefore: before, markersAfter: markers.length, git: changes.git });
  }

  close(): void {
    this.watcher?.close();
  }
}

/** Where test reports land (usually git-ignored, so not among the scanned files' folders). */
const REPORT_DIRS = ['test-results', 'test-reports', 'reports', 'build/test-results', 'build/test-results/test', 'target/surefire-reports', '.pytest_cache/v/cache'];

function reportDirs(root: string, scan: ScanResult): string[] {
  const dirs = new Set<string>();
  for (const r of scan.tests.reports ?? []) {
    const slash = r.path.lastIndexOf('/');
    if (slash > 0) dirs.add(r.path.slice(0, slash));
  }
  for (const d of REPORT_DIRS) {
    try {
      if (lstatSync(join(root, d)).isDirectory()) dirs.add(d);
    } catch {
      /* not there */
    }
  }
  return [...dirs];
}

async function gitDirOf(root: string): Promise<string | null> {
  const r = await runGit(['rev-parse', '--absolute-git-dir'], { cwd: root, timeoutMs: 10_000 });
  return r.ok ? r.value.toString('utf8').trim() : null;
}

async function ignoredAmong(root: string, paths: readonly string[]): Promise<Set<string>> {
  const r = await runGit(['check-ignore', '-z', '--stdin'], { cwd: root, input: `${paths.join('\0')}\0`, okExitCodes: [1] });
  if (!r.ok) return new Set();
  return new Set(r.value.toString('utf8').split('\0').filter(Boolean));
}
