import { readSync } from 'node:fs';

/** How a file was read: where its last complete line ends, and what was left alone. */
export interface ChunkReadResult {
  /** File offset just past the last complete line: where the next import resumes. */
  endOffset: number;
  bytesRead: number;
  /** Bytes after the last newline that did not form a complete line (a file being written). */
  truncatedTail: boolean;
  /** Lines longer than `maxLineBytes`, skipped without being held whole. */
  oversizedLines: number;
}

export interface ChunkReadOptions {
  /**
   * Most bytes read per `readSync` call, also the buffer's first size. Small enough that the bytes
   * are still in the CPU cache when searched: reading 1 GB from the page cache took ~155 ms in
   * 128 KB calls and ~460 ms in 256 KB to 4 MB ones (into the same or a larger buffer).
   */
  chunkBytes: number;
  /** A line longer than this is skipped: the buffer never grows past it. */
  maxLineBytes: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkReadOptions = { chunkBytes: 128 << 10, maxLineBytes: 64 << 20 };

/** One buffer reused across files so an import allocates it once; grows only for long lines (and only they fill it). */
export class ReadBuffer {
  buf: Buffer;
  constructor(readonly options: ChunkReadOptions = DEFAULT_CHUNK_OPTIONS) {
    this.buf = Buffer.allocUnsafe(options.chunkBytes);
  }
  grow(keep: number): void {
    const next = Buffer.allocUnsafe(Math.min(this.buf.length * 2, this.options.maxLineBytes));
    this.buf.copy(next, 0, 0, keep);
    this.buf = next;
  }
}

/**
 * Calls `onLine(buf, start, end, hit)` for each complete line (without its newline) that contains one
 * of `needles`, in file order, from `startOffset`. Lines without a needle are never looked at one
 * by one: the needles are found with Buffer.indexOf over the whole chunk, then widened to their
 * lines. A final piece without a newline is offered to `isCompleteLine`; if it is not a whole
 * record it is left for the next import. Memory stays at one buffer of `chunkBytes` (up to
 * `maxLineBytes` while a long line is read).
 */
export function forEachNeedleLine(
  fd: number,
  startOffset: number,
  needles: readonly Buffer[],
  rb: ReadBuffer,
  onLine: (buf: Buffer, start: number, end: number, hit: number) => void,
  isCompleteLine: (buf: Buffer, start: number, end: number) => boolean,
): ChunkReadResult {
  let filled = 0;
  let bufOffset = startOffset; // file offset of rb.buf[0]
  let readPos = startOffset;
  let bytesRead = 0;
  let oversizedLines = 0;
  let skipping = false; // inside a line past maxLineBytes: drop bytes up to its newline
  let skippedLineStart = 0;
  const hits = new Array<number>(needles.length).fill(-1);

  const scan = (whole: Buffer, limit: number) => {
    // A view that ends at the last complete line: searches never run into stale bytes past it.
    const buf = whole.subarray(0, limit);
    hits.fill(-1);
    let pos = 0;
    for (;;) {
      let best = -1;
      let bestNeedle = -1;
      for (let i = 0; i < needles.length; i++) {
        if (hits[i]! < pos) {
          const h = buf.indexOf(needles[i]!, pos);
          hits[i] = h < 0 ? Infinity : h;
        }
        if (hits[i]! !== Infinity && (best < 0 || hits[i]! < best)) {
          best = hits[i]!;
          bestNeedle = i;
        }
      }
      if (bestNeedle < 0) return;
      const lineStart = best === 0 ? 0 : buf.lastIndexOf(0x0a, best - 1) + 1;
      let lineEnd = buf.indexOf(0x0a, best);
      if (lineEnd < 0) lineEnd = limit;
      onLine(buf, lineStart, lineEnd > lineStart && buf[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd, best);
      pos = lineEnd + 1;
      if (pos >= limit) return;
    }
  };

  const chunk = rb.options.chunkBytes;
  for (;;) {
    // At most a chunk at the front of the buffer: a buffer grown for a long line is not filled again after it.
    let unsearched = filled; // bytes kept from the last read hold no newline
    const n = readSync(fd, rb.buf, filled, Math.min(chunk, rb.buf.length - filled), readPos);
    readPos += n;
    bytesRead += n;
    filled += n;
    if (skipping) {
      const nl = rb.buf.subarray(0, filled).indexOf(0x0a);
      if (nl < 0) {
        bufOffset += filled;
        filled = 0;
        if (n === 0) break;
        continue;
      }
      skipping = false;
      rb.buf.copy(rb.buf, 0, nl + 1, filled);
      bufOffset += nl + 1;
      filled -= nl + 1;
      unsearched = 0;
    }
    // Only bytes not searched yet can hold a newline: a long line is not searched again and again.
    const lastNewNl = filled > unsearched ? rb.buf.subarray(unsearched, filled).lastIndexOf(0x0a) : -1;
    const lastNl = lastNewNl < 0 ? -1 : unsearched + lastNewNl;
    if (lastNl >= 0) {
      scan(rb.buf, lastNl);
      rb.buf.copy(rb.buf, 0, lastNl + 1, filled);
      bufOffset += lastNl + 1;
      filled -= lastNl + 1;
    } else if (filled === rb.buf.length) {
      if (rb.buf.length < rb.options.maxLineBytes) rb.grow(filled);
      else {
        oversizedLines++;
        skipping = true;
        skippedLineStart = bufOffset;
        bufOffset += filled;
        filled = 0;
      }
      continue;
    }
    if (n === 0) break;
  }

  let truncatedTail = false;
  if (skipping) {
    // An oversized line still being written: the next import starts at it again (and skips it again).
    return { endOffset: skippedLineStart, bytesRead, truncatedTail: true, oversizedLines };
  }
  if (filled > 0) {
    if (isCompleteLine(rb.buf, 0, filled)) {
      scan(rb.buf, filled);
      bufOffset += filled;
    } else truncatedTail = true;
  }
  return { endOffset: bufOffset, bytesRead, truncatedTail, oversizedLines };
}
