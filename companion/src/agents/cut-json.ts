import { readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** A string value the reader cut: its first characters, and how many characters it had in all. */
export class CutText {
  constructor(
    readonly text: string,
    readonly total: number,
  ) {}
}

export interface CutJsonOptions {
  /** Characters kept of one string; the rest are only counted. */
  maxString: number;
  /** Elements kept of one array or members of one object; the rest are skipped. */
  maxItems: number;
  /** Nesting kept; deeper values become null. */
  maxDepth: number;
}

export const DEFAULT_CUT_OPTIONS: CutJsonOptions = { maxString: 64_000, maxItems: 2_000, maxDepth: 64 };

/** Bytes to parse: a buffer already in memory, or a range of a file read a chunk at a time. */
interface ByteSource {
  buf: Buffer;
  pos: number;
  lim: number;
  /** Loads the next bytes (the ones before `pos` may be dropped); false at the end. */
  fill(): boolean;
}

class BufferSource implements ByteSource {
  constructor(
    public buf: Buffer,
    public pos: number,
    public lim: number,
  ) {}
  fill(): boolean {
    return false;
  }
}

const CHUNK = 256 << 10;

class FileRangeSource implements ByteSource {
  buf = Buffer.allocUnsafe(CHUNK);
  pos = 0;
  lim = 0;
  constructor(
    private readonly fd: number,
    private next: number,
    private readonly end: number,
  ) {}
  fill(): boolean {
    if (this.next >= this.end) return false;
    const n = readSync(this.fd, this.buf, 0, Math.min(CHUNK, this.end - this.next), this.next);
    if (n <= 0) return false;
    this.next += n;
    this.pos = 0;
    this.lim = n;
    return true;
  }
}

/** Thrown inside the parser only, turned into a `null` result at its edge. */
class Malformed {}
const MALFORMED = new Malformed();

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class CutParser {
  constructor(
    private readonly src: ByteSource,
    private readonly o: CutJsonOptions,
  ) {}

  private peek(): number {
    const s = this.src;
    if (s.pos >= s.lim && !s.fill()) return -1;
    return s.buf[s.pos]!;
  }

  private skipSpace(): number {
    for (;;) {
      const c = this.peek();
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.src.pos++;
      else return c;
    }
  }

  private expectWord(word: string, value: unknown): unknown {
    for (let i = 0; i < word.length; i++) {
      if (this.peek() !== word.charCodeAt(i)) throw MALFORMED;
      this.src.pos++;
    }
    return value;
  }

  value(depth: number): unknown {
    // Far past what is kept: a hostile nesting would otherwise exhaust the stack.
    if (depth > this.o.maxDepth + 256) throw MALFORMED;
    const c = this.skipSpace();
    if (c === QUOTE) return this.string();
    if (c === 0x7b) return this.object(depth);
    if (c === 0x5b) return this.array(depth);
    if (c === 0x74) return this.expectWord('true', true);
    if (c === 0x66) return this.expectWord('false', false);
    if (c === 0x6e) return this.expectWord('null', null);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    throw MALFORMED;
  }

  private number(): number {
    let text = '';
    for (;;) {
      const c = this.peek();
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) {
        text += String.fromCharCode(c);
        this.src.pos++;
        if (text.length > 64) throw MALFORMED;
      } else break;
    }
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) throw MALFORMED;
    return n;
  }

  private object(depth: number): Record<string, unknown> | null {
    this.src.pos++;
    const out: Record<string, unknown> = {};
    let kept = 0;
    if (this.skipSpace() === 0x7d) {
      this.src.pos++;
      return depth >= this.o.maxDepth ? null : out;
    }
    for (;;) {
      if (this.skipSpace() !== QUOTE) throw MALFORMED;
      const key = this.string();
      if (this.skipSpace() !== 0x3a) throw MALFORMED;
      this.src.pos++;
      const v = this.value(depth + 1);
      if (depth < this.o.maxDepth && kept < this.o.maxItems && typeof key === 'string') {
        // An own property as JSON.parse makes it: a "__proto__" key never sets the prototype.
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        kept++;
      }
      const c = this.skipSpace();
      this.src.pos++;
      if (c === 0x7d) return depth >= this.o.maxDepth ? null : out;
      if (c !== 0x2c) throw MALFORMED;
    }
  }

  private array(depth: number): unknown[] | null {
    this.src.pos++;
    const out: unknown[] = [];
    if (this.skipSpace() === 0x5d) {
      this.src.pos++;
      return depth >= this.o.maxDepth ? null : out;
    }
    for (;;) {
      const v = this.value(depth + 1);
      if (depth < this.o.maxDepth && out.length < this.o.maxItems) out.push(v);
      const c = this.skipSpace();
      this.src.pos++;
      if (c === 0x5d) return depth >= this.o.maxDepth ? null : out;
      if (c !== 0x2c) throw MALFORMED;
    }
  }

  /**
   * A string: decoded up to maxString characters, the rest only counted (UTF-16 units, as
   * String#length counts them), so a string of many MB costs one pass and no copy.
   */
  private string(): string | CutText {
    const s = this.src;
    s.pos++; // opening quote
    const max = this.o.maxString;
    const decoder = new StringDecoder('utf8');
    let kept = '';
    let counted = 0; // units past what was kept
    let keeping = true;
    for (;;) {
      if (s.pos >= s.lim && !s.fill()) throw MALFORMED;
      const buf = s.buf;
      const lim = s.lim;
      let i = s.pos;
      if (keeping) {
        const start = i;
        while (i < lim) {
          const c = buf[i]!;
          if (c === QUOTE || c === BACKSLASH || c < 0x20) break;
          i++;
        }
        if (i > start) kept += decoder.write(buf.subarray(start, i));
        s.pos = i;
        if (kept.length >= max) {
          keeping = false;
          kept += decoder.end();
          counted += kept.length - max;
          kept = kept.slice(0, max);
          continue;
        }
        if (i >= lim) continue;
      } else {
        while (i < lim) {
          const c = buf[i]!;
          if (c === QUOTE || c === BACKSLASH || c < 0x20) break;
          if ((c & 0xc0) !== 0x80) counted += c >= 0xf0 ? 2 : 1;
          i++;
        }
        s.pos = i;
        if (i >= lim) continue;
      }
      const c = buf[s.pos]!;
      if (c === QUOTE) {
        s.pos++;
        if (keeping) return kept + decoder.end();
        return new CutText(kept, max + counted);
      }
      if (c < 0x20) throw MALFORMED;
      // An escape.
      s.pos++;
      const e = this.peek();
      if (e < 0) throw MALFORMED;
      s.pos++;
      let ch: string;
      if (e === 0x75) {
        let hex = '';
        for (let k = 0; k < 4; k++) {
          const h = this.peek();
          if (h < 0) throw MALFORMED;
          hex += String.fromCharCode(h);
          s.pos++;
        }
        const code = Number.parseInt(hex, 16);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw MALFORMED;
        ch = String.fromCharCode(code);
      } else {
        const simple = ESCAPES[e];
        if (simple === undefined) throw MALFORMED;
        ch = simple;
      }
      if (keeping) {
        kept += decoder.end() + ch;
        if (kept.length >= max) {
          keeping = false;
          counted += kept.length - max;
          kept = kept.slice(0, max);
        }
      } else counted++;
    }
  }

  /** After the value only blanks may follow. */
  end(): boolean {
    return this.skipSpace() === -1;
  }
}

const ESCAPES: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };

function run(src: ByteSource, options: CutJsonOptions): { ok: true; value: unknown } | { ok: false } {
  const p = new CutParser(src, options);
  try {
    const value = p.value(0);
    return p.end() ? { ok: true, value } : { ok: false };
  } catch (err) {
    if (err === MALFORMED) return { ok: false };
    throw err;
  }
}

/** Parses one JSON value from bytes in memory, cutting long strings. */
export function parseCutJson(buf: Buffer, start = 0, end = buf.length, options: CutJsonOptions = DEFAULT_CUT_OPTIONS): { ok: true; value: unknown } | { ok: false } {
  return run(new BufferSource(buf, start, end), options);
}

/** Parses one JSON value from a byte range of a file, a chunk at a time: a line of many MB is never held whole. */
export function parseCutJsonRange(fd: number, start: number, end: number, options: CutJsonOptions = DEFAULT_CUT_OPTIONS): { ok: true; value: unknown } | { ok: false } {
  return run(new FileRangeSource(fd, start, end), options);
}
