import { markerText, type LineMarker } from '../../../shared/text/marker-line';
import { enclosingContext } from './enclosing-context';

const NEWLINE = 0x0a;

/** A word byte as `\b` sees it: [A-Za-z0-9_] (bytes of multi-byte UTF-8 characters are not). */
function isWordByte(b: number | undefined): boolean {
  if (b === undefined) return false;
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f;
}

export interface MarkerNeedles {
  names: readonly string[];
  bytes: readonly Buffer[];
}

export function markerNeedles(tags: readonly string[]): MarkerNeedles {
  return { names: tags, bytes: tags.map((t) => Buffer.from(t, 'latin1')) };
}

/**
 * Finds whole-word markers in a file's bytes without decoding the whole file: memmem-speed
 * searches for each tag, then only the lines with a hit are decoded. Lines are 1-based and split
 * on \n like git grep; one hit per line (the first whole-word tag on it).
 */
export function findMarkersInBuffer(buf: Buffer, needles: MarkerNeedles, file?: string): LineMarker[] {
  let positions: number[] | null = null;
  let tagAt: Map<number, number> | null = null;
  for (let t = 0; t < needles.bytes.length; t++) {
    const needle = needles.bytes[t]!;
    let p = buf.indexOf(needle);
    while (p !== -1) {
      if (!isWordByte(buf[p - 1]) && !isWordByte(buf[p + needle.length])) {
        positions ??= [];
        tagAt ??= new Map();
        const existing = tagAt.get(p);
        // Two tags at one position (an extra tag that extends a built-in one): the longer whole word wins.
        if (existing === undefined || needles.bytes[existing]!.length < needle.length) {
          if (existing === undefined) positions.push(p);
          tagAt.set(p, t);
        }
      }
      p = buf.indexOf(needle, p + 1);
    }
  }
  if (!positions || !tagAt) return [];
  positions.sort((a, b) => a - b);

  const found: LineMarker[] = [];
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  let lastLine = 0;
  for (const pos of positions) {
    // A byte loop: one indexOf call per line costs more than it saves on short source lines.
    for (let i = counted; i < pos; i++) {
      if (buf[i] === NEWLINE) {
        line++;
        lineStart = i + 1;
      }
    }
    counted = pos;
    if (line === lastLine) continue;
    lastLine = line;
    const nextNl = buf.indexOf(NEWLINE, pos);
    let lineEnd = nextNl === -1 ? buf.length : nextNl;
    if (lineEnd > lineStart && buf[lineEnd - 1] === 0x0d) lineEnd--;
    const text = buf.toString('utf8', lineStart, lineEnd);
    const tagIndex = buf.toString('utf8', lineStart, pos).length;
    const context = file === undefined ? undefined : enclosingContext(buf, lineStart, file);
    found.push({ line, tag: needles.names[tagAt.get(pos)!]!, text: markerText(text, tagIndex), ...(context ? { context } : {}) });
  }
  return found;
}
