import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { sep } from 'node:path';
import { findMarkersInBuffer, type MarkerNeedles } from './buffer-markers';
import { fileSignature } from './file-signature';
import type { FileOutcome } from './marker-scan';

/** git's buffer_is_binary looks for a NUL in the first 8000 bytes. */
const BINARY_SNIFF_BYTES = 8000;
// O_NOFOLLOW: a symlink is never followed (and a file swapped for one is refused);
// O_NONBLOCK: a FIFO named like a source file cannot hang the scan.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Reads files one at a time into a reused buffer; used on the main thread and in scan workers. */
export class FileReader {
  private buffer = Buffer.allocUnsafe(1024 * 1024);
  filesRead = 0;

  constructor(
    private readonly root: string,
    private readonly needles: MarkerNeedles,
    private readonly maxBytes: number,
    private readonly startedAt: number,
  ) {
    this.prefix = root.endsWith(sep) ? root : root + sep;
  }

  private readonly prefix: string;

  /** The file's outcome, or null when it is simply not there (deleted, a submodule folder). */
  read(rel: string, blobSig: string | undefined): FileOutcome | null {
    let fd: number;
    try {
      // git's paths are already normal: plain concatenation is enough (and much cheaper than join).
      fd = openSync(this.prefix + rel, OPEN_FLAGS);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') return null;
      return { sig: '', skipped: code === 'ELOOP' ? 'not_a_file' : 'unreadable' };
    }
    try {
      // A file git vouches for needs no stat for its signature: read first, and ask its size only
      // when it fills the buffer (few do). open() already refused links, and a FIFO reads as empty.
      if (blobSig !== undefined) {
        const n = readSync(fd, this.buffer, 0, this.buffer.length, 0);
        if (n < this.buffer.length) return this.outcome(blobSig, n, rel);
      }
      const stat = fstatSync(fd);
      if (!stat.isFile()) return stat.isDirectory() ? null : { sig: '', skipped: 'not_a_file' };
      const sig = blobSig ?? fileSignature(stat, this.startedAt);
      const bytes = stat.size;
      if (bytes > this.maxBytes) return { sig, skipped: 'too_large', bytes };
      if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
      let length = 0;
      while (length < bytes) {
        const n = readSync(fd, this.buffer, length, bytes - length, length);
        if (n === 0) break;
        length += n;
      }
      return this.outcome(sig, length, rel);
    } catch {
      return { sig: '', skipped: 'unreadable' };
    } finally {
      closeSync(fd);
    }
  }

  private outcome(sig: string, length: number, rel: string): FileOutcome {
    this.filesRead++;
    const view = this.buffer.subarray(0, length);
    if (view.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1) return { sig, bytes: length };
    const hits = findMarkersInBuffer(view, this.needles, rel);
    return hits.length
      ? { sig, bytes: length, markers: hits.map((h) => (h.context ? [h.line, h.tag, h.text, h.context] : [h.line, h.tag, h.text])) }
      : { sig, bytes: length };
  }
}
