import { readSync } from 'node:fs';

/** One complete line of a log file. */
export interface LogLine {
  /** File offset of the line's first byte. */
  start: number;
  /** File offset just past its newline: where the next line starts. */
  next: number;
  /** 1-based line number. */
  line: number;
  /** Its bytes without the newline (a view valid until the next read), or null when it is longer than `maxLineBytes`. */
  bytes: Buffer | null;
}

export interface LineReaderOptions {
  chunkBytes: number;
  /** A longer line is not held: it comes back with `bytes: null`, to be parsed from the file in pieces. */
  maxLineBytes: number;
}

export const DEFAULT_LINE_OPTIONS: LineReaderOptions = { chunkBytes: 256 << 10, maxLineBytes: 1 << 20 };

/** A final piece without a newline counts only if the writer finished it (one whole JSON value). */
function isWholeJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a log file's lines from an offset, a chunk at a time. Memory stays at one buffer of about
 * `chunkBytes` (up to `maxLineBytes` while a long line is gathered); a line longer than that is
 * stepped over and reported by its offsets only. A last line still being written (no newline,
 * not whole JSON) is reported as `partial`.
 */
export class LineReader {
  private buf: Buffer;
  /** File offset of buf[0]. */
  private bufStart: number;
  private lo = 0;
  private hi = 0;
  private scanFrom = 0;
  private eof = false;
  private lineNo: number;

  constructor(
    private readonly fd: number,
    offset: number,
    line: number,
    private readonly options: LineReaderOptions = DEFAULT_LINE_OPTIONS,
    /** A buffer to read into, shared by readers used one after another (it keeps the grown one). */
    private readonly scratch?: { buf: Buffer },
  ) {
    this.buf = scratch && scratch.buf.length >= options.chunkBytes ? scratch.buf : Buffer.allocUnsafe(options.chunkBytes);
    this.bufStart = offset;
    this.lineNo = line;
  }

  /** Where the next line starts, and its number. */
  get position(): { offset: number; line: number } {
    return { offset: this.bufStart + this.lo, line: this.lineNo };
  }

  next(): LogLine | 'partial' | null {
    for (;;) {
      const nl = this.scanFrom < this.hi ? this.buf.subarray(0, this.hi).indexOf(0x0a, this.scanFrom) : -1;
      if (nl >= 0) {
        const lo = this.lo;
        const end = nl > lo && this.buf[nl - 1] === 0x0d ? nl - 1 : nl;
        this.lo = nl + 1;
        this.scanFrom = this.lo;
        return { start: this.bufStart + lo, next: this.bufStart + nl + 1, line: this.lineNo++, bytes: this.buf.subarray(lo, end) };
      }
      this.scanFrom = this.hi;
      if (this.eof) {
        if (this.lo >= this.hi) return null;
        const lo = this.lo;
        this.lo = this.hi;
        const bytes = this.buf.subarray(lo, this.hi);
        if (!isWholeJson(bytes)) return 'partial';
        return { start: this.bufStart + lo, next: this.bufStart + this.hi, line: this.lineNo++, bytes };
      }
      if (this.hi - this.lo >= this.options.maxLineBytes) return this.stepOverLongLine();
      if (this.lo > 0) {
        this.buf.copy(this.buf, 0, this.lo, this.hi);
        this.bufStart += this.lo;
        this.hi -= this.lo;
        this.scanFrom -= this.lo;
        this.lo = 0;
      }
      if (this.hi === this.buf.length) {
        const grown = Buffer.allocUnsafe(Math.min(this.buf.length * 2, this.options.maxLineBytes + this.options.chunkBytes));
        this.buf.copy(grown, 0, 0, this.hi);
        this.buf = grown;
        if (this.scratch) this.scratch.buf = grown;
      }
      const n = readSync(this.fd, this.buf, this.hi, Math.min(this.options.chunkBytes, this.buf.length - this.hi), this.bufStart + this.hi);
      if (n === 0) this.eof = true;
      this.hi += n;
    }
  }

  /** Finds the end of a line too long to hold, reading past it without keeping it. */
  private stepOverLongLine(): LogLine | 'partial' {
    const start = this.bufStart + this.lo;
    let pos = this.bufStart + this.hi;
    for (;;) {
      const n = readSync(this.fd, this.buf, 0, this.buf.length, pos);
      if (n === 0) {
        // Ends without a newline: the writer may still be on it.
        this.bufStart = pos;
        this.lo = this.hi = this.scanFrom = 0;
        this.eof = true;
        return 'partial';
      }
      const nl = this.buf.subarray(0, n).indexOf(0x0a);
      if (nl >= 0) {
        this.bufStart = pos;
        this.lo = this.scanFrom = nl + 1;
        this.hi = n;
        return { start, next: pos + nl + 1, line: this.lineNo++, bytes: null };
      }
      pos += n;
    }
  }
}
