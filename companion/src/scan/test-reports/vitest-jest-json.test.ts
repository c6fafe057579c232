import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReportParseResult } from './parsed-report';
import { parseJestJsonReport } from './vitest-jest-json';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function parsed(result: ReportParseResult) {
  if (!result.ok) throw new Error(`expected a parsed report, got: ${result.error.message}`);
  return result.value;
}

describe('parseJestJsonReport', () => {
  it("reads vitest's json reporter: failed tests, files relative to the root, and a file that did not load", () => {
    const report = parsed(parseJestJsonReport(fixture('vitest-report.json'), { report: 'vitest-report.json', root: '/home/dev/shop' }));
    expect(report.kind).toBe('vitest-json');
    expect(report.failures).toEqual([
      { name: 'math > divides', file: 'src/math.test.ts', message: 'AssertionError: expected 2 to be 3 // Object.is equality' },
      { name: 'math > rounding > rounds half up', file: 'src/math.test.ts', message: 'AssertionError: expected 3 to be 2 // Object.is equality' },
      {
        name: 'src/checkout.test.ts',
        file: 'src/checkout.test.ts',
        message: 'Failed to load url ./tax (resolved id: ./tax) in /home/dev/shop/src/checkout.test.ts. Does the file exist?',
      },
    ]);
    expect(report.failed).toBe(3);
    expect(report.skipped).toBe(0);
  });

  it("reads jest's --json output without its colours, keeping the expected/received lines", () => {
    const report = parsed(parseJestJsonReport(fixture('jest-results.json'), { report: 'jest-results.json', root: '/home/dev/shop' }));
    expect(report.kind).toBe('jest-json');
    expect(report.failures).toEqual([
      {
        name: 'Cart > totals > includes shipping',
        file: 'src/cart.test.js',
        message: 'Error: expect(received).toBe(expected) // Object.is equality Expected: 2099 Received: 1999',
      },
      {
        name: 'src/checkout.test.js',
        file: 'src/checkout.test.js',
        message: "● Test suite failed to run Cannot find module './tax' from 'src/checkout.test.js' 1 | import { tax } from './tax';",
      },
    ]);
  });

  it('leaves out test files outside the root rather than naming them', () => {
    const json = JSON.stringify({
      numFailedTests: 1,
      testResults: [{ name: '/elsewhere/a.test.ts', status: 'failed', assertionResults: [{ status: 'failed', title: 'works', fullName: 'works', failureMessages: ['Error: x'] }] }],
    });
    expect(parsed(parseJestJsonReport(json, { report: 'r.json', root: '/home/dev/shop' })).failures).toEqual([{ name: 'works', message: 'Error: x' }]);
  });

  it('counts and skips entries it does not understand', () => {
    const json = JSON.stringify({
      numFailedTests: 1,
      testResults: [
        { nope: true },
        { name: '/r/a.test.ts', assertionResults: [{ title: 'no status' }, { status: 'failed', title: 't', failureMessages: null }] },
      ],
    });
    const report = parsed(parseJestJsonReport(json, { report: 'r.json', root: '/r' }));
    expect(report.skipped).toBe(2);
    expect(report.failures).toEqual([{ name: 't', file: 'a.test.ts' }]);
  });

  it('keeps at most `limit` failures and still counts them all', () => {
    const assertionResults = Array.from({ length: 12 }, (_, i) => ({ status: 'failed', title: `t${i}`, failureMessages: [] }));
    const json = JSON.stringify({ numFailedTests: 12, testResults: [{ name: '/r/a.test.ts', assertionResults }] });
    const report = parsed(parseJestJsonReport(json, { report: 'r.json', root: '/r', limit: 3 }));
    expect(report.failures.map((f) => f.name)).toEqual(['t0', 't1', 't2']);
    expect(report.failed).toBe(12);
  });

  it('says a report cut off mid-write is not valid JSON', () => {
    const text = fixture('vitest-report.json');
    expect(parseJestJsonReport(text.slice(0, 700), { report: 'test-results/vitest.json' })).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'test-results/vitest.json is not valid JSON; skipped.' },
    });
  });

  it('says an empty file is empty', () => {
    expect(parseJestJsonReport('', { report: 'jest-results.json' })).toEqual({ ok: false, error: { code: 'empty', message: 'jest-results.json is empty; skipped.' } });
  });

  it('says other JSON (a Playwright report, an array) is not a jest or vitest report', () => {
    for (const other of ['{"config":{},"suites":[],"errors":[]}', '[]', 'null', '{"numFailedTests":"1","testResults":[]}']) {
      const result = parseJestJsonReport(other, { report: 'test-results.json' });
      expect(result).toEqual({ ok: false, error: { code: 'not_a_report', message: 'test-results.json is not a jest or vitest JSON report; skipped.' } });
    }
  });

  it('redacts secrets in failure messages', () => {
    const key = `sk-ant-api03-${'x'.repeat(40)}`;
    const json = JSON.stringify({ numFailedTests: 1, testResults: [{ name: '/r/a.test.ts', assertionResults: [{ status: 'failed', title: 't', failureMessages: [`Error: bad key ${key}`] }] }] });
    expect(parsed(parseJestJsonReport(json, { report: 'r.json', root: '/r' })).failures[0]!.message).toBe('Error: bad key [REDACTED]');
  });
});
