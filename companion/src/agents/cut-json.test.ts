import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CutText, parseCutJson, parseCutJsonRange } from './cut-json';

const parse = (text: string, maxString = 1_000_000) => parseCutJson(Buffer.from(text), 0, Buffer.byteLength(text), { maxString, maxItems: 100_000, maxDepth: 64 });

describe('parseCutJson', () => {
  it('reads any JSON value the way JSON.parse does when nothing needs cutting', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const text = JSON.stringify(v);
        const r = parse(text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the first characters of a long string and counts all of them, escapes and multi-byte ones included', () => {
    const s = `héllo "wörld" \u{1F600} \\ \n tab\t ${'日本語'.repeat(50)} end`;
    const r = parse(JSON.stringify({ text: s }), 20);
    expect(r.ok).toBe(true);
    const cut = (r as { value: { text: CutText } }).value.text;
    expect(cut).toBeInstanceOf(CutText);
    expect(cut.text).toBe(s.slice(0, 20));
    expect(cut.total).toBe(s.length);
  });

  it('refuses malformed, cut-short and trailing-garbage input, and survives hostile nesting', () => {
    for (const bad of ['{"a":', '{"a":1,}', '[1 2]', '{"a":"\\x"}', 'nul', '{"a":1} x', '"\u0001"', '']) expect(parse(bad).ok).toBe(false);
    expect(parse('['.repeat(100_000)).ok).toBe(false);
    expect(parse(`${'['.repeat(70)}1${']'.repeat(70)}`).ok).toBe(true);
  });

  it('parses a line of many MB from a file in pieces, cutting its long string', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-cut-'));
    try {
      const big = 'ä'.repeat(6_000_000);
      const line = JSON.stringify({ type: 'user', message: { content: [{ type: 'tool_result', content: big }] }, timestamp: '2026-11-22T09:00:00.000Z' });
      const path = join(dir, 'big.jsonl');
      writeFileSync(path, `${line}\n`);
      const fd = openSync(path, 'r');
      try {
        const r = parseCutJsonRange(fd, 0, Buffer.byteLength(line));
        expect(r.ok).toBe(true);
        const v = (r as { value: { timestamp: string; message: { content: Array<{ content: CutText }> } } }).value;
        expect(v.timestamp).toBe('2026-11-22T09:00:00.000Z');
        expect(v.message.content[0]!.content.total).toBe(6_000_000);
        expect(v.message.content[0]!.content.text.length).toBe(64_000);
      } finally {
        closeSync(fd);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
