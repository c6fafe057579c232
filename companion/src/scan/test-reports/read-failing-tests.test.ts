import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestStateSchema } from '../../../../shared/domain/scan';
import { isStaleReport, readFailingTests } from './read-failing-tests';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const HOUR = 60 * 60 * 1000;

let base: string;
let counter = 0;
beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sp-failing-tests-')));
});
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: { ...env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString('utf8');
}

function write(root: string, rel: string, content: string, mtimeMs?: number): void {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  if (mtimeMs !== undefined) utimesSync(abs, mtimeMs / 1000, mtimeMs / 1000);
}

/** A repo whose reports are git-ignored, as they usually are; returns the root and git's view of its files. */
function repoWithIgnoredReports(reports: Record<string, { content: string; mtimeMs: number }>): { root: string; files: string[] } {
  const root = join(base, `repo-${++counter}`);
  mkdirSync(root, { recursive: true });
  git(root, 'init', '-q', '-b', 'main');
  write(root, '.gitignore', 'junit.xml\ntest-results/\nreports/\n.pytest_cache/\ngo-test.json\n');
  write(root, 'package.json', '{"name":"shop","type":"module"}');
  write(root, 'src/math.ts', 'export const div = (a: number, b: number) => a / b;\n');
  write(root, 'src/math.test.ts', "import { it } from 'vitest';\n");
  write(root, 'pyproject.toml', '[project]\nname = "shop"\n');
  write(root, 'tests/test_math.py', 'def test_div():\n    assert 6 / 3 == 3\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'initial');
  for (const [rel, { content, mtimeMs }] of Object.entries(reports)) write(root, rel, content, mtimeMs);
  const files = git(root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
  return { root, files };
}

describe('readFailingTests', () => {
  it('reads git-ignored reports of several kinds, newest first, and says which could not be read', async () => {
    // Whole seconds: utimes() takes seconds as a float, and a fractional millisecond can round down.
    const now = Math.floor(Date.now() / 1000) * 1000;
    const vitestJson = fixture('vitest-report.json').replaceAll('/home/dev/shop', 'ROOT');
    const { root, files } = repoWithIgnoredReports({
      'junit.xml': { content: fixture('vitest-junit.xml'), mtimeMs: now - 1 * HOUR },
      'test-results/vitest-report.json': { content: '', mtimeMs: now - 2 * HOUR },
      '.pytest_cache/v/cache/lastfailed': { content: fixture('pytest/lastfailed'), mtimeMs: now - 72 * HOUR },
      'reports/junit-integration.xml': { content: '<testsuite name="it"><testcase name="a">', mtimeMs: now - 3 * HOUR },
      'test-results/jest.json': { content: fixture('jest-results.json').slice(0, 900), mtimeMs: now - 4 * HOUR },
    });
    // The JSON report names absolute paths inside the root.
    write(root, 'test-results/vitest-report.json', vitestJson.replaceAll('ROOT', root), now - 2 * HOUR);
    expect(files.some((f) => f.includes('junit') || f.includes('test-results') || f.includes('pytest_cache'))).toBe(false);

    const state = await readFailingTests(root, files, { now });
    expect(TestStateSchema.parse(state)).toEqual(state);
    expect(state.checked).toBe(true);

    expect(state.reports).toEqual([
      { path: 'junit.xml', kind: 'junit', writtenAt: Math.floor(now - 1 * HOUR), stale: false, failures: 2 },
      { path: 'test-results/vitest-report.json', kind: 'vitest-json', writtenAt: Math.floor(now - 2 * HOUR), stale: false, failures: 3 },
      { path: '.pytest_cache/v/cache/lastfailed', kind: 'pytest-lastfailed', writtenAt: Math.floor(now - 72 * HOUR), stale: true, failures: 3 },
    ]);
    expect(state.problems).toEqual([
      { path: 'reports/junit-integration.xml', message: 'reports/junit-integration.xml is not valid XML; skipped.' },
      { path: 'test-results/jest.json', message: 'test-results/jest.json is not valid JSON; skipped.' },
    ]);

    // vitest's junit and json reporters name the same two tests: each is listed once, from the newer report.
    expect(state.failures.map(({ name, file, report, stale }) => ({ name, file, report, stale }))).toEqual([
      { name: 'math > divides', file: 'src/math.test.ts', report: 'junit.xml', stale: false },
      { name: 'math > rounding > rounds half up', file: 'src/math.test.ts', report: 'junit.xml', stale: false },
      { name: 'src/checkout.test.ts', file: 'src/checkout.test.ts', report: 'test-results/vitest-report.json', stale: false },
      { name: 'tests/test_math.py::test_div', file: 'tests/test_math.py', report: '.pytest_cache/v/cache/lastfailed', stale: true },
      { name: 'tests/test_math.py::TestRound::test_round[2.5-3]', file: 'tests/test_math.py', report: '.pytest_cache/v/cache/lastfailed', stale: true },
      { name: 'tests/test_math.py::test_uses_fixture', file: 'tests/test_math.py', report: '.pytest_cache/v/cache/lastfailed', stale: true },
    ]);
    expect(state.failures[0]).toMatchObject({ message: 'expected 2 to be 3 // Object.is equality', reportedAt: Math.floor(now - 1 * HOUR) });
  });

  it('marks a report older than the newest source change as stale', async () => {
    const now = Date.now();
    const { root, files } = repoWithIgnoredReports({ 'junit.xml': { content: fixture('vitest-junit.xml'), mtimeMs: now - 2 * HOUR } });
    const state = await readFailingTests(root, files, { now, newestSourceMtime: now - 1 * HOUR });
    expect(state.reports?.[0]?.stale).toBe(true);
    expect(state.failures.every((f) => f.stale)).toBe(true);
    const fresh = await readFailingTests(root, files, { now, newestSourceMtime: now - 3 * HOUR });
    expect(fresh.failures.every((f) => f.stale === false)).toBe(true);
  });

  it('keeps at most 500 failures across reports, with exact counts per report', async () => {
    const now = Date.now();
    const stream = Array.from({ length: 600 }, (_, i) => JSON.stringify({ Action: 'fail', Package: 'example.com/big', Test: `Test${i}` })).join('\n');
    const { root, files } = repoWithIgnoredReports({
      'go-test.json': { content: stream, mtimeMs: now - HOUR },
      'junit.xml': { content: fixture('vitest-junit.xml'), mtimeMs: now - 2 * HOUR },
    });
    const state = await readFailingTests(root, files, { now });
    expect(state.failures).toHaveLength(500);
    expect(state.reports?.map((r) => [r.path, r.failures])).toEqual([
      ['go-test.json', 600],
      ['junit.xml', 2],
    ]);
  });

  it('redacts secrets in what it returns', async () => {
    const now = Date.now();
    const token = `github_pat_${'A1b2C3d4E5'.repeat(4)}`;
    const xml = `<testsuite name="s"><testcase classname="api.ClientTest" name="fetches"><failure message="401 Unauthorized for ${token}"/></testcase></testsuite>`;
    const { root, files } = repoWithIgnoredReports({ 'junit.xml': { content: xml, mtimeMs: now } });
    const state = await readFailingTests(root, files, { now });
    expect(JSON.stringify(state)).not.toContain('github_pat_');
    expect(state.failures[0]?.message).toBe('401 Unauthorized for [REDACTED]');
  });

  it('says an empty report is empty, and checks an empty folder without failures', async () => {
    const now = Date.now();
    const { root, files } = repoWithIgnoredReports({ 'junit.xml': { content: '', mtimeMs: now } });
    expect(await readFailingTests(root, files, { now })).toEqual({
      checked: true,
      failures: [],
      reports: [],
      problems: [{ path: 'junit.xml', message: 'junit.xml is empty; skipped.' }],
    });
    const empty = join(base, `empty-${++counter}`);
    mkdirSync(empty);
    expect(await readFailingTests(empty, [], { now })).toEqual({ checked: true, failures: [], reports: [], problems: [] });
  });
});

describe('isStaleReport', () => {
  const now = Date.UTC(2026, 10, 20, 12);
  it('is stale over a day old, or older than the newest source change', () => {
    expect(isStaleReport(now - 25 * HOUR, { now })).toBe(true);
    expect(isStaleReport(now - 23 * HOUR, { now })).toBe(false);
    expect(isStaleReport(now - HOUR, { now, newestSourceMtime: now - 30 * 60 * 1000 })).toBe(true);
    expect(isStaleReport(now - HOUR, { now, newestSourceMtime: now - 2 * HOUR })).toBe(false);
  });
});
