import { describe, expect, it } from 'vitest';
import { parseLog } from './parse-log';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('parseLog', () => {
  it('reads hash, committer time in ms, author and subject, in the order git printed them', () => {
    const out = `${A}\x001700000000\x00Ada Lovelace\x00Fix: the parser, again\x00${B}\x001600000000\x00Bob\x00\x00`;
    expect(parseLog(out)).toEqual([
      { hash: A, date: 1_700_000_000_000, author: 'Ada Lovelace', subject: 'Fix: the parser, again' },
      { hash: B, date: 1_600_000_000_000, author: 'Bob', subject: '' },
    ]);
  });

  it('accepts SHA-256 hashes and gives [] for no output', () => {
    const long = 'c'.repeat(64);
    expect(parseLog(`${long}\x001\x00x\x00y\x00`)).toEqual([{ hash: long, date: 1000, author: 'x', subject: 'y' }]);
    expect(parseLog('')).toEqual([]);
  });

  it('skips records whose hash or time is malformed, and a cut-off record', () => {
    const out = `nothex\x001\x00x\x00bad hash\x00${A}\x00soon\x00x\x00bad time\x00${B}\x002\x00x\x00good\x00${A}\x003`;
    expect(parseLog(out).map((c) => c.subject)).toEqual(['good']);
  });

  it('finds its footing again after a record with an extra field', () => {
    const out = `${A}\x001\x00x\x00sub\x00ject\x00${B}\x002\x00y\x00next\x00`;
    expect(parseLog(out).map((c) => [c.hash, c.subject])).toEqual([
      [A, 'sub'],
      [B, 'next'],
    ]);
  });

  it('redacts secrets in subjects and names', () => {
    const key = `sk-ant-${'x'.repeat(20)}`;
    const [c] = parseLog(`${A}\x001\x00ghp_${'a'.repeat(30)}\x00rotate ${key} now\x00`);
    expect(c?.subject).toBe('rotate [REDACTED] now');
    expect(c?.author).toBe('[REDACTED]');
  });
});
