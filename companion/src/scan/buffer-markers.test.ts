import { describe, expect, it } from 'vitest';
import { MARKER_TAGS } from '../../../shared/domain/marker-tags';
import { MAX_MARKER_TEXT } from '../../../shared/text/marker-line';
import { findMarkersInBuffer, markerNeedles } from './buffer-markers';

const needlesFor = (extra: readonly string[] = []) =>
  markerNeedles([...MARKER_TAGS, ...extra.filter((t) => /^[A-Za-z0-9_-]{1,32}$/.test(t) && !(MARKER_TAGS as readonly string[]).includes(t))]);
const findMarkersInText = (text: string, needles = needlesFor()) => findMarkersInBuffer(Buffer.from(text, 'utf8'), needles);
const firstTag = (line: string, extra?: readonly string[]) => findMarkersInText(line, needlesFor(extra))[0]?.tag;
const markerPattern = (extra?: readonly string[]) => ({
  test: (line: string) => findMarkersInText(line, needlesFor(extra)).length > 0,
});

describe('whole-word tags', () => {
  it.each([
    ['TODO: fix', 'TODO'],
    ['// FIXME later', 'FIXME'],
    ['HACK', 'HACK'],
    ['x = 1 # XXX', 'XXX'],
    ['BUG-123 crashes', 'BUG'],
    ['(FIXME)', 'FIXME'],
    ['[TODO]', 'TODO'],
    ['TODO-list', 'TODO'],
    ['a.TODO.b', 'TODO'],
    ['"XXX"', 'XXX'],
    ['éTODO', 'TODO'], // é is not a word character in [A-Za-z0-9_]
  ])('finds the whole word in %j', (line, tag) => {
    expect(firstTag(line)).toBe(tag);
  });

  it.each(['todo', 'Todo: x', 'TODOS', 'MYTODO', 'TODO_x', '_TODO', 'TODO1', '1TODO', 'XXXX', 'BUGS', 'DEBUG', 'FIXMEE', 'HACKY', 'fixme'])(
    'does not match %j',
    (line) => {
      expect(markerPattern().test(line)).toBe(false);
    },
  );

  it('has no state between uses', () => {
    const p = markerPattern();
    expect(p.test('TODO')).toBe(true);
    expect(p.test('TODO')).toBe(true);
  });

  it('adds extra tags as whole, case-sensitive words', () => {
    expect(firstTag('// NOTE: x', ['NOTE'])).toBe('NOTE');
    expect(firstTag('// OPTIMIZE-ME', ['OPTIMIZE-ME'])).toBe('OPTIMIZE-ME');
    expect(markerPattern(['NOTE']).test('NOTES')).toBe(false);
    expect(markerPattern(['NOTE']).test('note')).toBe(false);
    expect(firstTag('TODO', ['NOTE'])).toBe('TODO');
  });

  it('ignores extra tags with regex characters instead of injecting them', () => {
    for (const bad of ['.*', 'A|B', '(', 'X+', 'a\\b', '[TODO]', '$', '', 'x'.repeat(33), 'N O']) {
      expect(() => markerPattern([bad])).not.toThrow();
      const p = markerPattern([bad]);
      expect(p.test('plain text without markers')).toBe(false);
      expect(p.test('A')).toBe(false);
      expect(p.test('TODO')).toBe(true);
    }
    expect(needlesFor(['.*', 'NOTE']).names).toEqual(needlesFor(['NOTE']).names);
  });
});

describe('findMarkersInBuffer', () => {
  const p = needlesFor();

  it('returns nothing for text without markers', () => {
    expect(findMarkersInText('', p)).toEqual([]);
    expect(findMarkersInText('todo\nTODOS\n', p)).toEqual([]);
  });

  it('reports 1-based lines, the tag and the trimmed line', () => {
    const text = 'line one\n  // TODO: first\nnothing\n\tFIXME second\n';
    expect(findMarkersInText(text, p)).toEqual([
      { line: 2, tag: 'TODO', text: '// TODO: first' },
      { line: 4, tag: 'FIXME', text: 'FIXME second' },
    ]);
  });

  it('reports a marker on the first line', () => {
    expect(findMarkersInText('BUG here', p)).toEqual([{ line: 1, tag: 'BUG', text: 'BUG here' }]);
  });

  it('gives one hit per line, tagged with the first marker on it', () => {
    const text = 'a\nFIXME and TODO and HACK\nTODO TODO\nb XXX';
    expect(findMarkersInText(text, p)).toEqual([
      { line: 2, tag: 'FIXME', text: 'FIXME and TODO and HACK' },
      { line: 3, tag: 'TODO', text: 'TODO TODO' },
      { line: 4, tag: 'XXX', text: 'b XXX' },
    ]);
  });

  it('takes the first whole-word marker when a non-word lookalike comes first', () => {
    expect(findMarkersInText('TODOS then BUG', p)).toEqual([{ line: 1, tag: 'BUG', text: 'TODOS then BUG' }]);
  });

  it('counts CRLF lines and strips the CR from the text', () => {
    const text = 'one\r\ntwo TODO\r\nthree\r\nHACK\r\n';
    expect(findMarkersInText(text, p)).toEqual([
      { line: 2, tag: 'TODO', text: 'two TODO' },
      { line: 4, tag: 'HACK', text: 'HACK' },
    ]);
  });

  it('finds a marker on a last line without a newline', () => {
    expect(findMarkersInText('a\nb\nc TODO', p)).toEqual([{ line: 3, tag: 'TODO', text: 'c TODO' }]);
    expect(findMarkersInText('a\nb\nTODO\n', p)).toEqual([{ line: 3, tag: 'TODO', text: 'TODO' }]);
  });

  it('counts empty lines', () => {
    expect(findMarkersInText('\n\n\nXXX\n\n\nBUG', p).map((m) => m.line)).toEqual([4, 7]);
  });

  it('does not let a match cross a line break', () => {
    expect(findMarkersInText('TOD\nO\nFIX\nME', p)).toEqual([]);
  });

  it('finds markers in many lines with the right numbers', () => {
    const lines = Array.from({ length: 500 }, (_, i) => (i % 7 === 3 ? `x ${i} TODO` : `y ${i}`));
    const hits = findMarkersInText(lines.join('\n'), p);
    expect(hits.map((h) => h.line)).toEqual(lines.flatMap((l, i) => (l.includes('TODO') ? [i + 1] : [])));
  });

  it('uses extra tags when the pattern has them', () => {
    expect(findMarkersInText('a\n// NOTE: x', needlesFor(['NOTE']))).toEqual([{ line: 2, tag: 'NOTE', text: '// NOTE: x' }]);
  });

  it('cuts a long line around the marker with ellipses, keeping the tag', () => {
    const line = `${'a'.repeat(300)} TODO: the important bit ${'b'.repeat(300)}`;
    const [hit] = findMarkersInText(`x\n${line}\n`, p);
    expect(hit?.line).toBe(2);
    expect(hit?.tag).toBe('TODO');
    expect(hit?.text).toContain('TODO: the important bit');
    expect(hit?.text.startsWith('…')).toBe(true);
    expect(hit?.text.endsWith('…')).toBe(true);
    expect(hit!.text.length).toBeLessThanOrEqual(MAX_MARKER_TEXT + 2);
  });

  it('cuts a long line with the marker at the start or the end', () => {
    const start = findMarkersInText(`    TODO ${'a'.repeat(400)}`, p)[0]!.text;
    expect(start.startsWith('TODO')).toBe(true);
    expect(start.endsWith('…')).toBe(true);
    const end = findMarkersInText(`${'a'.repeat(400)} FIXME`, p)[0]!.text;
    expect(end.startsWith('…')).toBe(true);
    expect(end.endsWith('FIXME')).toBe(true);
  });

  it('keeps a line of exactly the maximum length whole', () => {
    const line = `TODO ${'a'.repeat(MAX_MARKER_TEXT - 5)}`;
    expect(line.length).toBe(MAX_MARKER_TEXT);
    expect(findMarkersInText(line, p)[0]!.text).toBe(line);
  });

  it('redacts secrets in the text', () => {
    const key = ['sk', 'ant', 'api03', 'abcdefghijklmnop'].join('-');
    const ghp = `ghp_${'a'.repeat(36)}`;
    expect(findMarkersInText(`// TODO remove ${key}`, p)).toEqual([{ line: 1, tag: 'TODO', text: '// TODO remove [REDACTED]' }]);
    expect(findMarkersInText(`HACK: token=${ghp}\n`, p)[0]!.text).toBe('HACK: token=[REDACTED]');
  });

  it('keeps the tag in a cut line when a long secret before it was redacted', () => {
    const ghp = `ghp_${'a'.repeat(200)}`;
    const line = `token ${ghp} TODO: rotate this ${'b'.repeat(300)}`;
    const [hit] = findMarkersInText(line, p);
    expect(hit?.text).toContain('TODO: rotate this');
    expect(hit?.text).toContain('[REDACTED]');
    expect(hit?.text).not.toContain('aaaaaaaa');
  });
});
