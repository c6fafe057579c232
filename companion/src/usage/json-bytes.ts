/**
 * Just enough of a JSON reader to pick a few fields out of one log line held in a Buffer, without
 * building the whole value: strings are skipped with Buffer.indexOf (native), so a line of long
 * tool output costs a few calls, and only the fields asked for become JS strings and numbers.
 * Every function returns -1 (or null) on bytes that are not JSON, so a caller counts the line as
 * malformed instead of throwing.
 */
export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACK = 0x5b;
const RBRACK = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

export function skipSpace(b: Buffer, p: number, end: number): number {
  while (p < end) {
    const c = b[p]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return p;
    p++;
  }
  return p;
}

/** `p` at an opening quote: the index of its closing quote, or -1. */
export function stringEnd(b: Buffer, p: number, end: number): number {
  let q = p + 1;
  // Keys and ids end within a few bytes, where a JS loop beats a call into native code.
  const stop = q + 32 < end ? q + 32 : end;
  while (q < stop) {
    const c = b[q]!;
    if (c === QUOTE) return q;
    q += c === BACKSLASH ? 2 : 1;
  }
  if (q >= end) return -1;
  for (;;) {
    q = b.indexOf(QUOTE, q);
    if (q < 0 || q >= end) return -1;
    let k = q - 1;
    while (b[k] === BACKSLASH) k--;
    if (((q - 1 - k) & 1) === 0) return q;
    q++;
  }
}

/** `p` at the first byte of a value: the index just past it, or -1. */
export function skipValue(b: Buffer, p: number, end: number): number {
  const c = b[p];
  if (c === QUOTE) {
    const q = stringEnd(b, p, end);
    return q < 0 ? -1 : q + 1;
  }
  if (c === LBRACE || c === LBRACK) {
    let depth = 0;
    while (p < end) {
      const ch = b[p]!;
      if (ch === QUOTE) {
        const q = stringEnd(b, p, end);
        if (q < 0) return -1;
        p = q + 1;
        continue;
      }
      if (ch === LBRACE || ch === LBRACK) depth++;
      else if (ch === RBRACE || ch === RBRACK) {
        if (--depth === 0) return p + 1;
      }
      p++;
    }
    return -1;
  }
  const start = p;
  while (p < end) {
    const ch = b[p]!;
    if (ch === COMMA || ch === RBRACE || ch === RBRACK || ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) break;
    p++;
  }
  return p > start ? p : -1;
}

/**
 * Walks the members of the object at `p` (which must be `{`). For each, `member(keyStart, keyEnd,
 * valueStart)` gets the key's bytes (without quotes) and returns the index just past the value it
 * read or skipped, or -1 to give up. Returns the index past the closing brace, or -1.
 */
export function forEachMember(
  b: Buffer,
  p: number,
  end: number,
  member: (keyStart: number, keyEnd: number, valueStart: number) => number,
): number {
  if (b[p] !== LBRACE) return -1;
  p = skipSpace(b, p + 1, end);
  if (b[p] === RBRACE) return p + 1;
  while (p < end) {
    if (b[p] !== QUOTE) return -1;
    const q = stringEnd(b, p, end);
    if (q < 0) return -1;
    let v = skipSpace(b, q + 1, end);
    if (b[v] !== COLON) return -1;
    v = skipSpace(b, v + 1, end);
    const after = member(p + 1, q, v);
    if (after < 0) return -1;
    p = skipSpace(b, after, end);
    if (b[p] === COMMA) p = skipSpace(b, p + 1, end);
    else if (b[p] === RBRACE) return p + 1;
    else return -1;
  }
  return -1;
}

/** Walks the elements of the array at `p`; `element(valueStart)` returns the index past the value. */
export function forEachElement(b: Buffer, p: number, end: number, element: (valueStart: number) => number): number {
  if (b[p] !== LBRACK) return -1;
  p = skipSpace(b, p + 1, end);
  if (b[p] === RBRACK) return p + 1;
  while (p < end) {
    const after = element(p);
    if (after < 0) return -1;
    p = skipSpace(b, after, end);
    if (b[p] === COMMA) p = skipSpace(b, p + 1, end);
    else if (b[p] === RBRACK) return p + 1;
    else return -1;
  }
  return -1;
}

/** Whether the key bytes [s, e) spell `key` (ASCII). */
export function keyIs(b: Buffer, s: number, e: number, key: string): boolean {
  if (e - s !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (b[s + i] !== key.charCodeAt(i)) return false;
  return true;
}

/** The string value at `p` (decoded), or undefined when the value there is not a string. */
export function readString(b: Buffer, p: number, end: number): { value: string; next: number } | undefined {
  if (b[p] !== QUOTE) return undefined;
  const q = stringEnd(b, p, end);
  if (q < 0) return undefined;
  const escaped = b.indexOf(BACKSLASH, p + 1);
  const value = escaped < 0 || escaped >= q ? b.toString('utf8', p + 1, q) : (JSON.parse(b.toString('utf8', p, q + 1)) as string);
  return { value, next: q + 1 };
}

/** A non-negative whole number written as plain digits (what serde's u64 accepts), or -1. */
export function readCount(b: Buffer, p: number, end: number): { value: number; next: number } {
  let n = 0;
  let q = p;
  while (q < end) {
    const c = b[q]!;
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
    q++;
  }
  if (q === p) return { value: -1, next: skipValue(b, p, end) };
  const c = b[q];
  if (c === 0x2e || c === 0x65 || c === 0x45) return { value: -1, next: skipValue(b, p, end) };
  return { value: n, next: q };
}

export function isNullAt(b: Buffer, p: number): boolean {
  return b[p] === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c;
}
