import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachNeedleLine, ReadBuffer } from './chunked-lines';

const dir = mkdtempSync(join(tmpdir(), 'sp-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readLines(text: string, opts: { chunkBytes: number; maxLineBytes: number }, from = 0) {
  const path = join(dir, `f${Math.random()}.jsonl`);
  writeFileSync(path, text);
  const fd = openSync(path, 'r');
  const lines: string[] = [];
  const rb = new ReadBuffer(opts);
  try {
    const r = forEachNeedleLine(fd, from, [Buffer.from('HIT')], rb, (b, s, e) => lines.push(b.toString('utf8', s, e)), (b, s, e) => b.toString('utf8', s, e).endsWith('}'));
    return { ...r, lines, bufferBytes: rb.buf.length };
  } finally {
    closeSync(fd);
  }
}

describe('forEachNeedleLine', () => {
  it('finds needle lines across chunk boundaries, in order, skipping the others', () => {
    const lines = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? `{"n":${i},"HIT":"${'x'.repeat(i)}"}` : `{"n":${i}}`));
    const r = readLines(`${lines.join('\n')}\n`, { chunkBytes: 64, maxLineBytes: 1024 });
    expect(r.lines).toEqual(lines.filter((_, i) => i % 3 === 0));
    expect(r.endOffset).toBe(Buffer.byteLength(`${lines.join('\n')}\n`));
  });

  it('skips a line longer than the cap without growing past it, and goes on after it', () => {
    const text = `{"HIT":1}\n{"HIT":"${'y'.repeat(10_000)}"}\n{"HIT":3}\r\n`;
    const r = readLines(text, { chunkBytes: 256, maxLineBytes: 1024 });
    expect(r.lines).toEqual(['{"HIT":1}', '{"HIT":3}']);
    expect(r.oversizedLines).toBe(1);
    expect(r.bufferBytes).toBeLessThanOrEqual(1024);
  });

  it('leaves an unfinished last line for the next read, but takes a finished one without its newline', () => {
    const cut = readLines('{"HIT":1}\n{"HIT":2', { chunkBytes: 64, maxLineBytes: 1024 });
    expect(cut.lines).toEqual(['{"HIT":1}']);
    expect(cut).toMatchObject({ truncatedTail: true, endOffset: 10 });
    const whole = readLines('{"HIT":1}\n{"HIT":2}', { chunkBytes: 64, maxLineBytes: 1024 });
    expect(whole.lines).toEqual(['{"HIT":1}', '{"HIT":2}']);
    expect(whole).toMatchObject({ truncatedTail: false, endOffset: 19 });
    expect(readLines('{"HIT":1}\n{"HIT":2}\n', { chunkBytes: 64, maxLineBytes: 1024 }, 10).lines).toEqual(['{"HIT":2}']);
  });
});
