import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyReport, findTestReports, MAX_CANDIDATES } from './find-test-reports';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

let base: string;
let counter = 0;
beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sp-test-reports-')));
});
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = join(base, `root-${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function write(root: string, rel: string, content: string, mtimeSeconds?: number): void {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  if (mtimeSeconds !== undefined) utimesSync(abs, mtimeSeconds, mtimeSeconds);
}

describe('classifyReport', () => {
  it('knows JUnit XML by its root element, or by its name when the content is broken', () => {
    expect(classifyReport('reports/unit.xml', '<?xml version="1.0"?>\n<testsuites name="x">')).toBe('junit');
    expect(classifyReport('junit.xml', '')).toBe('junit');
    expect(classifyReport('target/surefire-reports/TEST-a.B.xml', '<?xml ver')).toBe('junit');
    expect(classifyReport('build/test-results/test/anything.xml', '')).toBe('junit');
    expect(classifyReport('reports/coverage.xml', '<?xml version="1.0"?><coverage line-rate="1">')).toBeNull();
    expect(classifyReport('reports/checkstyle-result.xml', '<checkstyle version="10">')).toBeNull();
  });

  it('knows jest/vitest JSON and go test -json by their content, not their name', () => {
    expect(classifyReport('test-results/anything.json', '{"numTotalTestSuites":4,"numFailedTests":2,')).toBe('jest-json');
    expect(classifyReport('test.json', '{"Time":"2026-11-20T10:15:02Z","Action":"start","Package":"example.com/x"}\n')).toBe('go-test-json');
    expect(classifyReport('test-results/go.log', 'go: downloading x\n{"Action":"run","Package":"p","Test":"T"}')).toBe('go-test-json');
    expect(classifyReport('test-results.json', '{"config":{"rootDir":"/x"},"suites":[]}')).toBeNull();
    expect(classifyReport('test.json', '{"name":"a fixture"}')).toBeNull();
    expect(classifyReport('test-results/run.log', 'PASS src/a.test.ts')).toBeNull();
  });

  it('takes an empty file with a report name, so that its emptiness is told', () => {
    expect(classifyReport('vitest-report.json', '')).toBe('jest-json');
    expect(classifyReport('go-test.json', '')).toBe('go-test-json');
    expect(classifyReport('reports/other.json', '')).toBeNull();
  });

  it("knows pytest's lastfailed by its place", () => {
    expect(classifyReport('.pytest_cache/v/cache/lastfailed', '{}')).toBe('pytest-lastfailed');
    expect(classifyReport('api/.pytest_cache/v/cache/lastfailed', '')).toBe('pytest-lastfailed');
  });
});

describe('findTestReports', () => {
  it("finds git-ignored reports in each project's usual places and leaves everything else", () => {
    const root = freshDir();
    const outside = freshDir();
    const now = Math.floor(Date.now() / 1000);
    const goStream = fixture('go-test.jsonl');
    write(root, 'package.json', '{}');
    write(root, 'junit.xml', fixture('vitest-junit.xml'), now - 10);
    write(root, 'go-test.json', goStream, now - 20);
    write(root, 'test-results/vitest.json', fixture('vitest-report.json'), now - 30);
    write(root, 'test-results/playwright.json', '{"config":{},"suites":[],"errors":[]}');
    write(root, 'test-results/go.log', goStream, now - 40);
    write(root, 'test-results/run.log', 'npm test\nall good\n');
    write(root, 'reports/coverage/cobertura.xml', '<?xml version="1.0" ?><coverage line-rate="0.8"></coverage>');
    write(root, 'reports/a/b/c/junit.xml', fixture('pytest-junit.xml'), now - 50);
    write(root, 'reports/a/b/c/d/junit.xml', fixture('pytest-junit.xml'));
    write(root, 'build/test-results/test/TEST-com.example.FooTest.xml', fixture('surefire/TEST-com.example.calc.CalculatorTest.xml'), now - 60);
    write(root, 'build/test-results/test/binary/output.bin', 'binary');
    write(root, 'target/surefire-reports/TEST-com.example.calc.CalculatorTest.xml', fixture('surefire/TEST-com.example.calc.CalculatorTest.xml'), now - 70);
    write(root, 'target/surefire-reports/com.example.calc.CalculatorTest.txt', 'Tests run: 5, Failures: 1');
    write(root, '.pytest_cache/v/cache/lastfailed', fixture('pytest/lastfailed'), now - 80);
    write(root, 'services/api/pyproject.toml', '[project]\nname = "api"\n');
    write(root, 'services/api/.pytest_cache/v/cache/lastfailed', fixture('pytest/lastfailed'), now - 90);
    write(root, 'services/api/junit.xml', fixture('pytest-junit.xml'), now - 100);
    // Samples, not the last run: committed fixtures and docs.
    write(root, 'src/fixtures/junit.xml', fixture('pytest-junit.xml'));
    write(root, 'docs/examples/junit.xml', fixture('pytest-junit.xml'));
    // Symlinks are never followed, to a folder or to a file.
    write(outside, 'junit.xml', fixture('pytest-junit.xml'));
    symlinkSync(outside, join(root, 'test-reports'));
    symlinkSync(join(outside, 'junit.xml'), join(root, 'test-results', 'linked.xml'));
    // Over 50 MB: left out without being read (a sparse file, so the test stays fast).
    write(root, 'reports/huge.json', '');
    truncateSync(join(root, 'reports/huge.json'), 51 * 1024 * 1024);

    const files = ['package.json', 'services/api/pyproject.toml', 'src/fixtures/junit.xml', 'docs/examples/junit.xml', 'src/app.ts'];
    const found = findTestReports(root, files);
    expect(found.map(({ path, format, base }) => ({ path, format, base }))).toEqual([
      { path: 'junit.xml', format: 'junit', base: '' },
      { path: 'go-test.json', format: 'go-test-json', base: '' },
      { path: 'test-results/vitest.json', format: 'jest-json', base: '' },
      { path: 'test-results/go.log', format: 'go-test-json', base: '' },
      { path: 'reports/a/b/c/junit.xml', format: 'junit', base: '' },
      { path: 'build/test-results/test/TEST-com.example.FooTest.xml', format: 'junit', base: '' },
      { path: 'target/surefire-reports/TEST-com.example.calc.CalculatorTest.xml', format: 'junit', base: '' },
      { path: '.pytest_cache/v/cache/lastfailed', format: 'pytest-lastfailed', base: '' },
      { path: 'services/api/.pytest_cache/v/cache/lastfailed', format: 'pytest-lastfailed', base: 'services/api' },
      { path: 'services/api/junit.xml', format: 'junit', base: 'services/api' },
    ]);
    expect(found[0]!.modifiedAt).toBe((now - 10) * 1000);
    expect(found[0]!.bytes).toBe(Buffer.byteLength(fixture('vitest-junit.xml')));
  });

  it("takes reports git lists (not ignored) from the scan's file list too", () => {
    const root = freshDir();
    write(root, 'reports/junit-unit.xml', fixture('vitest-junit.xml'));
    write(root, 'ci/test-report.xml', fixture('vitest-junit.xml'));
    const found = findTestReports(root, ['reports/junit-unit.xml', 'ci/test-report.xml', 'gone/junit.xml']);
    expect(found.map((c) => c.path).sort()).toEqual(['ci/test-report.xml', 'reports/junit-unit.xml']);
  });

  it('ignores a listed path that goes through a symlinked folder', () => {
    const root = freshDir();
    const outside = freshDir();
    write(outside, 'junit.xml', fixture('vitest-junit.xml'));
    symlinkSync(outside, join(root, 'reports'));
    expect(findTestReports(root, ['reports/junit.xml'])).toEqual([]);
  });

  it('keeps the newest 200 when a run left more', () => {
    const root = freshDir();
    const now = Math.floor(Date.now() / 1000);
    const junit = fixture('surefire/TEST-com.example.calc.CalculatorTest.xml');
    for (let i = 0; i < 230; i++) write(root, `target/surefire-reports/TEST-com.example.T${String(i).padStart(3, '0')}.xml`, junit, now - i);
    const found = findTestReports(root, []);
    expect(found).toHaveLength(MAX_CANDIDATES);
    expect(found[0]!.path).toBe('target/surefire-reports/TEST-com.example.T000.xml');
    expect(found.at(-1)!.path).toBe('target/surefire-reports/TEST-com.example.T199.xml');
  });

  it('finds nothing, without throwing, in an empty or missing folder', () => {
    expect(findTestReports(freshDir(), [])).toEqual([]);
    expect(findTestReports(join(base, 'does-not-exist'), ['junit.xml'])).toEqual([]);
  });
});
