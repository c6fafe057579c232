/**
 * Just enough of a JSON reader to pick a few fields out of one log line held in a Buffer, without
 * building the whole value: strings are skipped with Buffer.indexOf (native), so a line of long
 * tool output costs a few calls, and only the fields asked for become JS strings and numbers.
 * Every function returns -1 on bytes that are not JSON, so a caller counts the line as malformed
 * instead of throwing. Objects are walked with a cursor rather than callbacks (this runs for every
 * usage line: no closure or result object is made per member):
 *
 *   for (let p = firstMember(b, v, end); p >= 0; p = nextMember(b, p, end)) {
 *     const value = memberValue(b, p, end); // the key is at [cursor.keyStart, cursor.keyEnd)
 *     p = …index just past the value, read or skipped…; if (p < 0) break;
 *   }
 *   // p === OBJECT_END: cursor.objectEnd is just past the `}`; p === -1: not JSON
 */
export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACK = 0x5b;
const RBRACK = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Returned by firstMember / nextMember / nextElement when the object or array closed. */
export const OBJECT_END = -2;

/** Where the walk is: the last key read, the index past the last object or array closed, and past the last count read. */
export const cursor = { keyStart: 0, keyEnd: 0, objectEnd: 0, countEnd: 0 };

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

/** `p` at `{`: the index of its first key's quote, OBJECT_END for `{}` (cursor.objectEnd set), or -1. */
export function firstMember(b: Buffer, p: number, end: number): number {
  if (p >= end || b[p] !== LBRACE) return -1;
  p = skipSpace(b, p + 1, end);
  if (p >= end) return -1;
  if (b[p] === RBRACE) {
    cursor.objectEnd = p + 1;
    return OBJECT_END;
  }
  return b[p] === QUOTE ? p : -1;
}

/** `p` at a key's quote: reads the key into the cursor and returns the index of its value, or -1. */
export function memberValue(b: Buffer, p: number, end: number): number {
  const q = stringEnd(b, p, end);
  if (q < 0) return -1;
  cursor.keyStart = p + 1;
  cursor.keyEnd = q;
  let v = skipSpace(b, q + 1, end);
  if (v >= end || b[v] !== COLON) return -1;
  v = skipSpace(b, v + 1, end);
  return v < end ? v : -1;
}

/** `p` just past a member's value: the next key's quote, OBJECT_END (cursor.objectEnd set), or -1. */
export function nextMember(b: Buffer, p: number, end: number): number {
  if (p < 0) return -1;
  p = skipSpace(b, p, end);
  if (p >= end) return -1;
  const c = b[p];
  if (c === COMMA) {
    p = skipSpace(b, p + 1, end);
    return p < end && b[p] === QUOTE ? p : -1;
  }
  if (c === RBRACE) {
    cursor.objectEnd = p + 1;
    return OBJECT_END;
  }
  return -1;
}

/** `p` at `[`: the index of its first element, OBJECT_END for `[]` (cursor.objectEnd set), or -1. */
export function firstElement(b: Buffer, p: number, end: number): number {
  if (p >= end || b[p] !== LBRACK) return -1;
  p = skipSpace(b, p + 1, end);
  if (p >= end) return -1;
  if (b[p] === RBRACK) {
    cursor.objectEnd = p + 1;
    return OBJECT_END;
  }
  return p;
}

/** `p` just past an element: the next element's first byte, OBJECT_END (cursor.objectEnd set), or -1. */
export function nextElement(b: Buffer, p: number, end: number): number {
  if (p < 0) return -1;
  p = skipSpace(b, p, end);
  if (p >= end) return -1;
  const c = b[p];
  if (c === COMMA) {
    p = skipSpace(b, p + 1, end);
    return p < end ? p : -1;
  }
  if (c === RBRACK) {
    cursor.objectEnd = p + 1;
    return OBJECT_END;
  }
  return -1;
}

/** Whether the key bytes [s, e) spell `key` (ASCII). */
export function keyIs(b: Buffer, s: number, e: number, key: string): boolean {
  if (e - s !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (b[s + i] !== key.charCodeAt(i)) return false;
  return true;
}

/** The JSON string whose contents (without quotes) are [s, e), decoded; undefined if its escapes are not JSON. */
export function decodeString(b: Buffer, s: number, e: number): string | undefined {
  let ascii = true;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c === BACKSLASH) {
      try {
        return JSON.parse(b.toString('utf8', s - 1, e + 1)) as string;
      } catch {
        return undefined;
      }
    }
    if (c >= 0x80) ascii = false;
  }
  // ASCII reads the same as latin1, which skips UTF-8 decoding.
  return b.toString(ascii ? 'latin1' : 'utf8', s, e);
}

/** Whether [s, e) holds exactly the bytes of `bytes` [0, len). */
export function bytesEqual(b: Buffer, s: number, e: number, bytes: Uint8Array, len: number): boolean {
  if (e - s !== len) return false;
  for (let i = 0; i < len; i++) if (b[s + i] !== bytes[i]) return false;
  return true;
}

/** A non-negative whole number written as plain digits (what serde's u64 accepts) at `p`, else -1; cursor.countEnd is where its value ends. */
export function readCount(b: Buffer, p: number, end: number): number {
  let n = 0;
  let q = p;
  while (q < end) {
    const c = b[q]!;
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
    q++;
  }
  const c = b[q];
  if (q === p || c === 0x2e || c === 0x65 || c === 0x45) {
    cursor.countEnd = skipValue(b, p, end);
    return -1;
  }
  cursor.countEnd = q;
  return n;
}

export function isNullAt(b: Buffer, p: number): boolean {
  return b[p] === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c;
}
