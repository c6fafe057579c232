import { afterEach, describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineReader, type LogLine } from './line-reader';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function readAll(content: string | Buffer, offset = 0, line = 1, options = { chunkBytes: 16, maxLineBytes: 64 }) {
  dir ??= mkdtempSync(join(tmpdir(), 'sp-lines-'));
  const path = join(dir, 'log.jsonl');
  writeFileSync(path, content);
  const fd = openSync(path, 'r');
  try {
    const r = new LineReader(fd, offset, line, options);
    const out: Array<Omit<LogLine, 'bytes'> & { text: string | null } | 'partial'> = [];
    for (let l = r.next(); l !== null; l = r.next()) out.push(l === 'partial' ? l : { start: l.start, next: l.next, line: l.line, text: l.bytes ? l.bytes.toString() : null });
    return out;
  } finally {
    closeSync(fd);
  }
}

describe('LineReader', () => {
  it('gives each line with its offsets and number, across chunk boundaries and CRLF endings', () => {
    expect(readAll('{"a":1}\r\n{"bb":22}\n\n{"c":3}\n')).toEqual([
      { start: 0, next: 9, line: 1, text: '{"a":1}' },
      { start: 9, next: 19, line: 2, text: '{"bb":22}' },
      { start: 19, next: 20, line: 3, text: '' },
      { start: 20, next: 28, line: 4, text: '{"c":3}' },
    ]);
  });

  it('starts at an offset with the line number it is given', () => {
    expect(readAll('{"a":1}\n{"b":2}\n', 8, 2)).toEqual([{ start: 8, next: 16, line: 2, text: '{"b":2}' }]);
  });

  it('steps over a line longer than the limit without holding it, and goes on after it', () => {
    const long = `{"x":"${'y'.repeat(500)}"}`;
    expect(readAll(`{"a":1}\n${long}\n{"b":2}\n`)).toEqual([
      { start: 0, next: 8, line: 1, text: '{"a":1}' },
      { start: 8, next: 9 + long.length, line: 2, text: null },
      { start: 9 + long.length, next: 17 + long.length, line: 3, text: '{"b":2}' },
    ]);
  });

  it('counts a finished last line without a newline, and reports one still being written as partial', () => {
    expect(readAll('{"a":1}\n{"b":2}')).toEqual([
      { start: 0, next: 8, line: 1, text: '{"a":1}' },
      { start: 8, next: 15, line: 2, text: '{"b":2}' },
    ]);
    expect(readAll('{"a":1}\n{"b":')).toEqual([{ start: 0, next: 8, line: 1, text: '{"a":1}' }, 'partial']);
    expect(readAll(`{"a":1}\n{"b":"${'z'.repeat(300)}`)).toEqual([{ start: 0, next: 8, line: 1, text: '{"a":1}' }, 'partial']);
  });
});
