import { opendirSync, type Dir, type Dirent } from 'node:fs';
import { join, posix } from 'node:path';
import { MAX_REPORT_BYTES } from './parsed-report';
import { lstatInside, readHead } from './report-file';

export type TestReportFormat = 'junit' | 'jest-json' | 'pytest-lastfailed' | 'go-test-json';

export interface TestReportCandidate {
  /** Relative to the root, '/'-separated. */
  path: string;
  /** `jest-json` covers vitest's json reporter too; the parser tells them apart. */
  format: TestReportFormat;
  /** The project folder the report belongs to, relative to the root ('' for the root). */
  base: string;
  bytes: number;
  /** mtime, epoch ms. */
  modifiedAt: number;
}

export const MAX_CANDIDATES = 200;
const MAX_PROJECT_DIRS = 50;
const MAX_PROJECT_DEPTH = 3;
/** Levels walked below a report folder (build/test-results/test/…, reports/unit/…). */
const REPORT_DIR_DEPTH = 3;
/** Folder entries looked at across the whole direct look. */
const MAX_ENTRIES_VISITED = 5_000;
/** Files opened to see what they hold. */
const MAX_SNIFFED = 1_000;
const HEAD_BYTES = 4_096;

/** Report folders, relative to a project folder. */
const REPORT_DIRS = ['test-results', 'test-reports', 'reports', 'build/test-results', 'target/surefire-reports', 'target/failsafe-reports'];
/** Report files a project folder may hold directly. */
const REPORT_FILE_NAME = /^(?:.*junit.*\.xml|TEST-.+\.xml|test[-_]?(?:results?|reports?|output)\.(?:xml|json|jsonl)|vitest-report\.json|jest-results\.json|go-test\.jsonl?|test\.json)$/i;
const REPORT_DIR_FILE = /\.(?:xml|json|jsonl|log)$/i;
const PYTEST_LASTFAILED = '.pytest_cache/v/cache/lastfailed';
/** Folders whose reports are samples, not the last run (our own fixtures among them). */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'vendor', 'third_party', 'fixtures', '__fixtures__', 'testdata', 'test-data', '__snapshots__']);
/** A folder holding one of these is a project whose tests may leave reports beside it. */
const PROJECT_MANIFESTS = [
  'package.json', 'deno.json', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'go.mod', 'pyproject.toml', 'setup.py',
  'setup.cfg', 'pytest.ini', 'tox.ini', 'Cargo.toml', 'composer.json', 'Gemfile', 'build.sbt', 'mix.exs',
];
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const MANIFEST_PATH = new RegExp(`/(?:${PROJECT_MANIFESTS.map(escapeRegExp).join('|')})$`);
/** A cheap first look at each listed file: a report's extension, or pytest's cache file. */
const MAYBE_REPORT = /(?:\.(?:xml|jsonl?|log)|(?:^|\/)lastfailed)$/i;

const IN_REPORT_DIR = new RegExp(`(?:^|/)(?:${REPORT_DIRS.map(escapeRegExp).join('|')})/`);
const JUNIT_FILE_NAME = /(?:junit.*|TEST-.+)\.xml$/i;
const JUNIT_ONLY_DIRS = /(?:^|\/)(?:build\/test-results|target\/(?:surefire|failsafe)-reports)\//;
const GO_EVENT = /"Action"\s*:\s*"(?:start|run|output|pass|fail|skip|pause|cont|bench|build-output|build-fail)"/;

/**
 * What a file holds, from its path and first bytes: null for anything that is not a test report
 * (coverage XML, Playwright JSON, plain logs). A file with a report's name is taken even when its
 * content is broken or empty, so the person hears that the report could not be read.
 */
export function classifyReport(path: string, head: string): TestReportFormat | null {
  const name = posix.basename(path);
  if (path === PYTEST_LASTFAILED || path.endsWith(`/${PYTEST_LASTFAILED}`)) return 'pytest-lastfailed';
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (/\.xml$/i.test(name)) {
    if (text.includes('<testsuite')) return 'junit';
    return JUNIT_FILE_NAME.test(name) || JUNIT_ONLY_DIRS.test(path) ? 'junit' : null;
  }
  if (text.startsWith('{') && text.includes('"numFailedTests"')) return 'jest-json';
  if (GO_EVENT.test(text) && /"(?:Package|ImportPath)"\s*:/.test(text)) return 'go-test-json';
  if (text === '') {
    if (/^(?:vitest-report|jest-results|test-results)\.json$/i.test(name)) return 'jest-json';
    if (/^go-test\.jsonl?$/i.test(name)) return 'go-test-json';
  }
  return null;
}

function isReportPlaces(value: readonly string[] | ReportPlaces): value is ReportPlaces {
  return !Array.isArray(value);
}

function hasSkippedDir(segments: readonly string[]): boolean {
  return segments.some((segment) => SKIPPED_DIRS.has(segment));
}

/** Where reports may be, as far as the file list tells: it depends on the list alone, so a scan can keep it with the list's digest. */
export interface ReportPlaces {
  /** The root ('') and folders with a build manifest a few levels down. */
  projects: string[];
  /** Listed files whose name or folder looks like a report's. */
  reportLike: string[];
}

/** One pass over the scan's file list (it can hold hundreds of thousands). */
export function reportPlaces(files: readonly string[]): ReportPlaces {
  const dirs = new Set<string>();
  const reportLike: string[] = [];
  for (const file of files) {
    if (MAYBE_REPORT.test(file)) reportLike.push(file);
    if (!MANIFEST_PATH.test(file)) continue;
    const slash = file.lastIndexOf('/');
    if (slash === -1) continue;
    const segments = file.slice(0, slash).split('/');
    if (segments.length > MAX_PROJECT_DEPTH || hasSkippedDir(segments)) continue;
    dirs.add(segments.join('/'));
  }
  const sorted = [...dirs].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
  return { projects: ['', ...sorted.slice(0, MAX_PROJECT_DIRS - 1)], reportLike };
}

/** The project folder a path reports for, when it sits where reports are written; null otherwise. */
function reportBase(path: string, projects: ReadonlySet<string>): string | null {
  const slash = path.lastIndexOf('/');
  const dir = slash === -1 ? '' : path.slice(0, slash);
  const isReportName = REPORT_FILE_NAME.test(path.slice(slash + 1));
  if (!isReportName && !path.endsWith(PYTEST_LASTFAILED) && !IN_REPORT_DIR.test(path)) return null;
  if (dir && hasSkippedDir(dir.split('/'))) return null;
  const inProject = (folder: string): boolean => projects.has(folder) || !folder.includes('/');
  if (isReportName && inProject(dir)) return dir;
  if (path === PYTEST_LASTFAILED) return '';
  if (path.endsWith(`/${PYTEST_LASTFAILED}`)) {
    const base = path.slice(0, -PYTEST_LASTFAILED.length - 1);
    return inProject(base) ? base : null;
  }
  for (const reportDir of REPORT_DIRS) {
    const marker = `${reportDir}/`;
    for (let at = path.indexOf(marker); at !== -1; at = path.indexOf(marker, at + 1)) {
      if (at > 0 && path[at - 1] !== '/') continue;
      const base = at === 0 ? '' : path.slice(0, at - 1);
      const below = path.slice(at + marker.length).split('/').length - 1;
      if (below <= REPORT_DIR_DEPTH && inProject(base)) return base;
    }
  }
  return null;
}

interface Found {
  path: string;
  base: string;
}

/** Reports git does not list (they are usually ignored): a bounded look in each project's usual places, no symlinks followed. */
function lookInProjects(root: string, projects: readonly string[], add: (found: Found) => void): void {
  let visited = 0;
  const list = (rel: string): Dirent[] => {
    if (visited >= MAX_ENTRIES_VISITED) return [];
    // Read only as many entries as the budget has room for: a folder of 20k sources costs no more.
    const entries: Dirent[] = [];
    let dir: Dir | undefined;
    try {
      dir = opendirSync(rel ? join(root, rel) : root, { bufferSize: 256 });
      for (let entry = dir.readSync(); entry && visited < MAX_ENTRIES_VISITED; entry = dir.readSync()) {
        entries.push(entry);
        visited++;
      }
    } catch {
      /* unreadable: what was read still counts */
    } finally {
      dir?.closeSync();
    }
    return entries;
  };
  const under = (dir: string, name: string): string => (dir ? `${dir}/${name}` : name);
  const walk = (dir: string, base: string, depthLeft: number): void => {
    for (const entry of list(dir)) {
      // Dirent types come from the directory itself: a symlink is neither a file nor a folder here.
      if (entry.isFile() && REPORT_DIR_FILE.test(entry.name)) add({ path: under(dir, entry.name), base });
      else if (entry.isDirectory() && depthLeft > 0 && !SKIPPED_DIRS.has(entry.name)) walk(under(dir, entry.name), base, depthLeft - 1);
    }
  };

  for (const project of projects) {
    if (project && !lstatInside(root, project, 'directory')) continue;
    for (const entry of list(project)) {
      if (entry.isFile() && REPORT_FILE_NAME.test(entry.name)) add({ path: under(project, entry.name), base: project });
      if (!entry.isDirectory()) continue;
      for (const reportDir of REPORT_DIRS) {
        const [first, second] = reportDir.split('/') as [string, string | undefined];
        if (entry.name !== first) continue;
        const rel = under(project, reportDir);
        if (second === undefined || lstatInside(root, rel, 'directory')) walk(rel, project, REPORT_DIR_DEPTH);
      }
      if (entry.name === '.pytest_cache') add({ path: under(project, PYTEST_LASTFAILED), base: project });
    }
  }
}

/**
 * Test reports the last run left behind: report-like files in the scan's file list, plus a direct,
 * bounded look in the usual places (junit.xml, test-results/, reports/, build/test-results/,
 * target/surefire-reports/, .pytest_cache/…) of the root and of each project folder in it.
 * Newest first, at most 200; files over 50 MB are left out.
 */
export function findTestReports(root: string, files: readonly string[] | ReportPlaces): TestReportCandidate[] {
  const { projects, reportLike } = isReportPlaces(files) ? files : reportPlaces(files);
  const projectSet = new Set(projects);
  const found = new Map<string, Found>();
  const add = (candidate: Found): void => {
    if (!found.has(candidate.path)) found.set(candidate.path, candidate);
  };
  for (const file of reportLike) {
    const base = reportBase(file, projectSet);
    if (base !== null) add({ path: file, base });
  }
  lookInProjects(root, projects, add);

  const present: Array<Found & { bytes: number; modifiedAt: number }> = [];
  for (const candidate of found.values()) {
    const stats = lstatInside(root, candidate.path);
    if (!stats || stats.size > MAX_REPORT_BYTES) continue;
    present.push({ ...candidate, bytes: stats.size, modifiedAt: Math.floor(stats.mtimeMs) });
  }
  present.sort((a, b) => b.modifiedAt - a.modifiedAt || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const candidates: TestReportCandidate[] = [];
  for (const candidate of present.slice(0, MAX_SNIFFED)) {
    const head = candidate.bytes === 0 ? '' : readHead(join(root, candidate.path), HEAD_BYTES);
    const format = classifyReport(candidate.path, head);
    if (format) candidates.push({ ...candidate, format });
    if (candidates.length >= MAX_CANDIDATES) break;
  }
  return candidates;
}
