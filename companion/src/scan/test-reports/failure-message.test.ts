import { describe, expect, it } from 'vitest';
import { cleanReportText, firstLine, leadingLines, MAX_MESSAGE_CHARS, stripAnsi } from './failure-message';

const GH_TOKEN = `ghp_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}`;

describe('cleanReportText', () => {
  it('collapses whitespace and trims', () => {
    expect(cleanReportText('  expected 2\n\tto be 3  ')).toBe('expected 2 to be 3');
  });

  it('gives undefined for nothing to say', () => {
    expect(cleanReportText(undefined)).toBeUndefined();
    expect(cleanReportText(' \n ')).toBeUndefined();
  });

  it('cuts long text to about 300 characters with an ellipsis', () => {
    const cut = cleanReportText('x'.repeat(1_000))!;
    expect(cut.length).toBe(MAX_MESSAGE_CHARS);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('redacts a secret before cutting, so no part of it survives at the boundary', () => {
    const text = `${'a '.repeat(145)}token ${GH_TOKEN} rest`;
    const cut = cleanReportText(text)!;
    expect(cut).not.toContain('ghp_');
    expect(cut).not.toContain('A1b2C3');
  });

  it('strips terminal colours', () => {
    expect(cleanReportText('\u001b[31mReceived\u001b[39m: 2')).toBe('Received: 2');
  });
});

describe('firstLine and leadingLines', () => {
  it('firstLine skips blank lines', () => {
    expect(firstLine('\n\n  AssertionError: nope\n  at x')).toBe('  AssertionError: nope');
  });

  it('leadingLines stops at the stack trace', () => {
    const text = 'Error: expect(received).toBe(expected)\n\nExpected: 3\nReceived: 2\n    at Object.<anonymous> (a.test.js:1:1)\nmore';
    expect(leadingLines(text)).toBe('Error: expect(received).toBe(expected)\nExpected: 3\nReceived: 2');
  });

  it('leadingLines stops at vitest location arrows', () => {
    expect(leadingLines('AssertionError: no\n ❯ src/a.test.ts:4:39\nnext')).toBe('AssertionError: no');
  });

  it('stripAnsi leaves plain text alone', () => {
    expect(stripAnsi('plain')).toBe('plain');
  });
});
