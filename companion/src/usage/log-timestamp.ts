import { decodeString } from './json-bytes';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?(?:Z|[+-]\d{2}:\d{2})$/;

/** RFC 3339 with a zone and no fraction or exactly milliseconds, as Claude Code writes it (and all ccusage 20.0.24 accepts). */
export function parseTimestamp(text: string): number | null {
  if (!TIMESTAMP.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

function digitsAt(b: Buffer, p: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = b[p + i]! - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const daysIn = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

/**
 * parseTimestamp of a JSON string's contents [s, e) without making a string: the usual shape with
 * every field in range is computed from its digits; anything else (escapes, day 31 of April, hour
 * 24, …) goes through parseTimestamp itself, so the result is always Date.parse's.
 */
export function timestampAt(b: Buffer, s: number, e: number): number | null {
  const len = e - s;
  const fraction = len === 24 || len === 29;
  const zone = s + (fraction ? 23 : 19);
  fast: if ((len === 20 || len === 25 || fraction) && b[s + 4] === 0x2d && b[s + 7] === 0x2d && b[s + 10] === 0x54 && b[s + 13] === 0x3a && b[s + 16] === 0x3a) {
    const y = digitsAt(b, s, 4);
    const mo = digitsAt(b, s + 5, 2);
    const d = digitsAt(b, s + 8, 2);
    const h = digitsAt(b, s + 11, 2);
    const mi = digitsAt(b, s + 14, 2);
    const sec = digitsAt(b, s + 17, 2);
    const ms = fraction ? (b[s + 19] === 0x2e ? digitsAt(b, s + 20, 3) : -1) : 0;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0) break fast;
    let offset = 0;
    if (e - zone === 1) {
      if (b[zone] !== 0x5a) break fast;
    } else {
      const sign = b[zone] === 0x2b ? 1 : b[zone] === 0x2d ? -1 : 0;
      const oh = digitsAt(b, zone + 1, 2);
      const om = digitsAt(b, zone + 4, 2);
      if (sign === 0 || b[zone + 3] !== 0x3a || oh < 0 || oh > 23 || om < 0 || om > 59) break fast;
      offset = sign * (oh * 60 + om) * 60_000;
    }
    return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset;
  }
  const text = decodeString(b, s, e);
  return text === undefined ? null : parseTimestamp(text);
}
