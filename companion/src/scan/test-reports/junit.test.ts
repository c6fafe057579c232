import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeStandardEntities, parseJunitReport } from './junit';
import type { ReportParseResult } from './parsed-report';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function parsed(result: ReportParseResult) {
  if (!result.ok) throw new Error(`expected a parsed report, got: ${result.error.message}`);
  return result.value;
}

function billionLaughs(): string {
  const entities = ['<!ENTITY lol "lol">'];
  for (let i = 1; i < 10; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`);
  return [
    '<?xml version="1.0"?>',
    `<!DOCTYPE lolz [\n  ${entities.join('\n  ')}\n]>`,
    '<testsuite name="lolz"><testcase classname="lolz" name="laughs"><failure message="&lol9;">&lol9;</failure></testcase></testsuite>',
  ].join('\n');
}

describe('parseJunitReport', () => {
  it('reads a Maven surefire report: failures and errors, not skipped or flaky tests', () => {
    const report = parsed(parseJunitReport(fixture('surefire/TEST-com.example.calc.CalculatorTest.xml'), { report: 'target/surefire-reports/TEST-x.xml' }));
    expect(report.kind).toBe('junit');
    expect(report.failed).toBe(2);
    expect(report.failures).toEqual([
      { name: 'com.example.calc.CalculatorTest.dividesByZero', message: 'expected: <0> but was: <1>' },
      { name: 'com.example.calc.CalculatorTest.parsesEmptyInput', message: 'Cannot invoke "String.trim()" because "input" is null' },
    ]);
  });

  it('reads a pytest --junitxml report, decoding character references in messages', () => {
    const report = parsed(parseJunitReport(fixture('pytest-junit.xml'), { report: 'reports/junit.xml' }));
    expect(report.failures).toEqual([
      { name: 'tests.test_math.test_div', message: 'assert (6 / 3) == 3' },
      { name: 'tests.test_math.TestRound.test_round[2.5-3]', message: 'assert 2 == 3 + where 2 = round(2.5)' },
      { name: 'tests.test_math.test_uses_fixture', message: 'failed on setup with "RuntimeError: db unavailable: host db.internal"' },
    ]);
  });

  it('takes the file from a pytest xunit1 `file` attribute, under the project folder', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="1" skipped="0" tests="1">
<testcase classname="tests.test_math" name="test_div" file="tests/test_math.py" line="5" time="0.001"><failure message="assert (6 / 3) == 3">def test_div():</failure></testcase>
</testsuite></testsuites>`;
    const report = parsed(parseJunitReport(xml, { report: 'api/junit.xml', base: 'api' }));
    expect(report.failures).toEqual([{ name: 'tests.test_math.test_div', file: 'api/tests/test_math.py', message: 'assert (6 / 3) == 3' }]);
  });

  it("reads vitest's junit reporter: the classname is the file, the name is the test's path", () => {
    const report = parsed(parseJunitReport(fixture('vitest-junit.xml'), { report: 'junit.xml' }));
    expect(report.failures).toEqual([
      { name: 'math > divides', file: 'src/math.test.ts', message: 'expected 2 to be 3 // Object.is equality' },
      { name: 'math > rounding > rounds half up', file: 'src/math.test.ts', message: 'expected 3 to be 2 // Object.is equality' },
    ]);
  });

  it('falls back to the first line of the failure text, then to its type', () => {
    const xml = `<testsuites><testsuite name="s">
<testcase classname="pkg.A" name="text"><failure>

  Boom: it broke
  at somewhere</failure></testcase>
<testcase classname="pkg.A" name="typed"><failure type="java.lang.AssertionError"/></testcase>
<testcase classname="pkg.A" name="bare"><error/></testcase>
</testsuite></testsuites>`;
    expect(parsed(parseJunitReport(xml, { report: 'r.xml' })).failures).toEqual([
      { name: 'pkg.A.text', message: 'Boom: it broke' },
      { name: 'pkg.A.typed', message: 'java.lang.AssertionError' },
      { name: 'pkg.A.bare' },
    ]);
  });

  it('does not repeat a classname the name already carries (jest-junit)', () => {
    const xml = `<testsuites><testsuite name="Cart"><testcase classname="Cart totals" name="Cart totals includes shipping" file="/home/dev/shop/src/cart.test.js"><failure>Error: nope</failure></testcase></testsuite></testsuites>`;
    expect(parsed(parseJunitReport(xml, { report: 'junit.xml', root: '/home/dev/shop' })).failures).toEqual([
      { name: 'Cart totals includes shipping', file: 'src/cart.test.js', message: 'Error: nope' },
    ]);
  });

  it('walks nested suites and inherits a suite `file`', () => {
    const xml = `<testsuites><testsuite name="outer" file="spec/a_spec.rb"><testsuite name="inner"><testcase classname="A" name="works"><failure message="no"/></testcase></testsuite></testsuite></testsuites>`;
    expect(parsed(parseJunitReport(xml, { report: 'r.xml' })).failures).toEqual([{ name: 'A.works', file: 'spec/a_spec.rb', message: 'no' }]);
  });

  it('keeps at most `limit` failures and still counts them all', () => {
    const cases = Array.from({ length: 30 }, (_, i) => `<testcase classname="C" name="t${i}"><failure message="m"/></testcase>`).join('');
    const report = parsed(parseJunitReport(`<testsuite name="C">${cases}</testsuite>`, { report: 'r.xml', limit: 5 }));
    expect(report.failures).toHaveLength(5);
    expect(report.failed).toBe(30);
  });

  it('redacts secrets in messages', () => {
    const token = `ghp_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}`;
    const xml = `<testsuite name="s"><testcase classname="C" name="t"><failure message="401 for token ${token}"/></testcase></testsuite>`;
    const [failure] = parsed(parseJunitReport(xml, { report: 'r.xml' })).failures;
    expect(failure?.message).toBe('401 for token [REDACTED]');
  });

  it('says in one sentence that invalid XML was skipped', () => {
    const result = parseJunitReport('<testsuite name="s"><testcase name="a"></testsuite>', { report: 'reports/junit.xml' });
    expect(result).toEqual({ ok: false, error: { code: 'invalid', message: 'reports/junit.xml is not valid XML; skipped.' } });
  });

  it('treats a report cut off mid-write as invalid', () => {
    const text = fixture('pytest-junit.xml');
    const result = parseJunitReport(text.slice(0, Math.floor(text.length / 2)), { report: 'junit.xml' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid');
  });

  it('says an empty file is empty', () => {
    expect(parseJunitReport('', { report: 'junit.xml' })).toEqual({ ok: false, error: { code: 'empty', message: 'junit.xml is empty; skipped.' } });
    expect(parseJunitReport('  \n', { report: 'junit.xml' }).ok).toBe(false);
  });

  it('says valid XML that is not JUnit is not a report', () => {
    const coverage = '<?xml version="1.0" ?><coverage line-rate="0.8"><packages/></coverage>';
    const result = parseJunitReport(coverage, { report: 'reports/coverage.xml' });
    expect(result).toEqual({ ok: false, error: { code: 'not_a_report', message: 'reports/coverage.xml is not a JUnit report; skipped.' } });
  });

  it('never expands DOCTYPE entities (billion laughs) and stays fast', () => {
    const started = performance.now();
    const report = parsed(parseJunitReport(billionLaughs(), { report: 'junit.xml' }));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]!.message).toBe('&lol9;');
  });

  it('never reads external entities', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><testsuite name="s"><testcase classname="C" name="t"><failure message="&xxe;"/></testcase></testsuite>`;
    // The parser refuses the external identifier outright; nothing is fetched or read.
    expect(parseJunitReport(xml, { report: 'junit.xml' })).toEqual({ ok: false, error: { code: 'invalid', message: 'junit.xml is not valid XML; skipped.' } });
  });

  it('refuses absurd nesting as invalid instead of throwing', () => {
    const deep = `<testsuite name="s">${'<testsuite name="s">'.repeat(500)}${'</testsuite>'.repeat(500)}</testsuite>`;
    const result = parseJunitReport(deep, { report: 'junit.xml' });
    expect(result.ok).toBe(false);
  });

  it('refuses text over the size bound without parsing it', () => {
    const huge = { length: 60 * 1024 * 1024, trim: () => 'x' } as unknown as string;
    expect(parseJunitReport(huge, { report: 'junit.xml' })).toEqual({ ok: false, error: { code: 'too_large', message: 'junit.xml is over 50 MB; skipped.' } });
  });

  it('does not throw on any junk', () => {
    for (const junk of ['{"a":1}', '<<<', '\u0000\u0001', '<?xml version="1.0"?>', '<testsuites/>', '<testsuite/>', '<testsuites>text</testsuites>']) {
      expect(() => parseJunitReport(junk, { report: 'r.xml' })).not.toThrow();
    }
  });
});

describe('decodeStandardEntities', () => {
  it('decodes the five XML entities and character references once', () => {
    expect(decodeStandardEntities('&lt;a&gt; &amp;lt; &quot;q&quot; &apos;s&apos; &#10;&#x41;')).toBe('<a> &lt; "q" \'s\' \nA');
  });

  it('leaves unknown entities and invalid references as written', () => {
    expect(decodeStandardEntities('&nbsp; &lol; &#0; &#xD800; &#99999999;')).toBe('&nbsp; &lol; &#0; &#xD800; &#99999999;');
  });
});
