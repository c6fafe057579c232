import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReportParseResult } from './parsed-report';
import { parsePytestLastFailed } from './pytest-lastfailed';

const fixture = readFileSync(new URL('./fixtures/pytest/lastfailed', import.meta.url), 'utf8');

function parsed(result: ReportParseResult) {
  if (!result.ok) throw new Error(`expected a parsed report, got: ${result.error.message}`);
  return result.value;
}

describe('parsePytestLastFailed', () => {
  it('reads the node ids pytest wrote, the file being the part before ::', () => {
    const report = parsed(parsePytestLastFailed(fixture, { report: '.pytest_cache/v/cache/lastfailed' }));
    expect(report.kind).toBe('pytest-lastfailed');
    expect(report.failures).toEqual([
      { name: 'tests/test_math.py::test_div', file: 'tests/test_math.py' },
      { name: 'tests/test_math.py::TestRound::test_round[2.5-3]', file: 'tests/test_math.py' },
      { name: 'tests/test_math.py::test_uses_fixture', file: 'tests/test_math.py' },
    ]);
  });

  it('puts files under the folder that holds the cache (pytest rootdir)', () => {
    const report = parsed(parsePytestLastFailed(fixture, { report: 'services/api/.pytest_cache/v/cache/lastfailed', base: 'services/api' }));
    expect(report.failures[0]).toEqual({ name: 'tests/test_math.py::test_div', file: 'services/api/tests/test_math.py' });
  });

  it('takes a whole-module entry (a collection error) as a failure of that file', () => {
    const report = parsed(parsePytestLastFailed('{"tests/test_broken.py": true}', { report: 'lf' }));
    expect(report.failures).toEqual([{ name: 'tests/test_broken.py', file: 'tests/test_broken.py' }]);
  });

  it('is an empty list after a green run', () => {
    expect(parsed(parsePytestLastFailed('{}', { report: 'lf' })).failures).toEqual([]);
  });

  it('counts and skips values pytest would not write', () => {
    const report = parsed(parsePytestLastFailed('{"a.py::t": false, "b.py::t": 1, "": true, "c.py::t": true}', { report: 'lf' }));
    expect(report.failures).toEqual([{ name: 'c.py::t', file: 'c.py' }]);
    expect(report.skipped).toBe(3);
  });

  it('says bad input in one sentence', () => {
    expect(parsePytestLastFailed('{"tests/a.py::t": tr', { report: '.pytest_cache/v/cache/lastfailed' })).toEqual({
      ok: false,
      error: { code: 'invalid', message: '.pytest_cache/v/cache/lastfailed is not valid JSON; skipped.' },
    });
    expect(parsePytestLastFailed('', { report: 'lf' })).toEqual({ ok: false, error: { code: 'empty', message: 'lf is empty; skipped.' } });
    expect(parsePytestLastFailed('["a"]', { report: 'lf' })).toEqual({ ok: false, error: { code: 'not_a_report', message: 'lf is not a pytest lastfailed file; skipped.' } });
  });
});
