import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goFailureMessage, parseGoTestJson } from './go-test-json';
import type { ReportParseResult } from './parsed-report';

const fixture = readFileSync(new URL('./fixtures/go-test.jsonl', import.meta.url), 'utf8');

function parsed(result: ReportParseResult) {
  if (!result.ok) throw new Error(`expected a parsed report, got: ${result.error.message}`);
  return result.value;
}

const event = (fields: Record<string, unknown>): string => JSON.stringify({ Time: '2026-11-20T10:15:02Z', ...fields });

describe('parseGoTestJson', () => {
  it('reads a stream with a pass, a fail and a failing subtest; the parent of a failing subtest is not repeated', () => {
    const report = parsed(parseGoTestJson(fixture, { report: 'go-test.json' }));
    expect(report.kind).toBe('go-test-json');
    expect(report.failures).toEqual([
      { name: 'example.com/shop/cart.TestTotal', message: 'cart_test.go:31: Total() = 1999, want 2099' },
      { name: 'example.com/shop/cart.TestDiscount/expired_code', message: 'discount_test.go:48: Apply("SPRING24") error = <nil>, want ErrExpired' },
    ]);
    expect(report.failed).toBe(2);
    // "go: downloading …" went to the same file through 2>&1.
    expect(report.skipped).toBe(1);
  });

  it('joins the lines testify prints under a bare location', () => {
    const lines = [
      '=== RUN   TestAdd\n',
      '    calc_test.go:20: \n',
      '        \tError Trace:\t/home/dev/calc/calc_test.go:20\n',
      '        \tError:      \tNot equal: \n',
      '        \t            \texpected: 3\n',
      '        \t            \tactual  : 4\n',
      '--- FAIL: TestAdd (0.00s)\n',
    ];
    expect(goFailureMessage(lines)).toBe('calc_test.go:20: Error Trace: /home/dev/calc/calc_test.go:20 Error: Not equal: expected: 3 actual : 4');
  });

  it('reports a package that failed to build (Go 1.24 build events)', () => {
    const stream = [
      JSON.stringify({ ImportPath: 'example.com/calc [example.com/calc.test]', Action: 'build-output', Output: '# example.com/calc [example.com/calc.test]\n' }),
      JSON.stringify({ ImportPath: 'example.com/calc [example.com/calc.test]', Action: 'build-output', Output: './calc_test.go:9:2: undefined: Mul\n' }),
      JSON.stringify({ ImportPath: 'example.com/calc [example.com/calc.test]', Action: 'build-fail' }),
      event({ Action: 'start', Package: 'example.com/calc' }),
      event({ Action: 'output', Package: 'example.com/calc', Output: 'FAIL\texample.com/calc [build failed]\n' }),
      event({ Action: 'fail', Package: 'example.com/calc', Elapsed: 0, FailedBuild: 'example.com/calc [example.com/calc.test]' }),
    ].join('\n');
    expect(parsed(parseGoTestJson(stream, { report: 'go-test.json' })).failures).toEqual([
      { name: 'example.com/calc', message: './calc_test.go:9:2: undefined: Mul' },
    ]);
  });

  it('names a test that panicked by its panic', () => {
    const stream = [
      event({ Action: 'run', Package: 'p', Test: 'TestPanics' }),
      event({ Action: 'output', Package: 'p', Test: 'TestPanics', Output: '=== RUN   TestPanics\n' }),
      event({ Action: 'output', Package: 'p', Test: 'TestPanics', Output: '--- FAIL: TestPanics (0.00s)\n' }),
      event({ Action: 'output', Package: 'p', Test: 'TestPanics', Output: 'panic: runtime error: index out of range [3] with length 3 [recovered]\n' }),
      event({ Action: 'fail', Package: 'p', Test: 'TestPanics', Elapsed: 0 }),
      event({ Action: 'fail', Package: 'p', Elapsed: 0 }),
    ].join('\n');
    expect(parsed(parseGoTestJson(stream, { report: 'r' })).failures).toEqual([
      { name: 'p.TestPanics', message: 'panic: runtime error: index out of range [3] with length 3 [recovered]' },
    ]);
  });

  it('tolerates CRLF line ends, blank lines and a last line cut off mid-write', () => {
    const lines = fixture.split('\n').filter(Boolean);
    const cut = `${lines.join('\r\n')}\r\n\r\n{"Time":"2026-11-20T10:15:03Z","Action":"outp`;
    const report = parsed(parseGoTestJson(cut, { report: 'r' }));
    expect(report.failures).toHaveLength(2);
    expect(report.skipped).toBe(2);
  });

  it('says a file with no test events is not go test -json output', () => {
    expect(parseGoTestJson('ok  \texample.com/shop/tax\t0.002s\nFAIL\n', { report: 'test-results/go.log' })).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'test-results/go.log is not valid go test -json output; skipped.' },
    });
    expect(parseGoTestJson('{"not":"an event"}', { report: 'r' }).ok).toBe(false);
    expect(parseGoTestJson('', { report: 'go-test.json' })).toEqual({ ok: false, error: { code: 'empty', message: 'go-test.json is empty; skipped.' } });
  });

  it('keeps at most `limit` failures and still counts them all', () => {
    const stream = Array.from({ length: 20 }, (_, i) => event({ Action: 'fail', Package: 'p', Test: `Test${i}` })).join('\n');
    const report = parsed(parseGoTestJson(stream, { report: 'r', limit: 4 }));
    expect(report.failures).toHaveLength(4);
    expect(report.failed).toBe(20);
  });
});
