import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Marker } from '../../../shared/domain/marker';
import { MARKER_TAGS } from '../../../shared/domain/marker';
import type { z } from 'zod';
import type { SkippedFileSchema } from '../../../shared/domain/scan';
import { findMarkersInText, markerPattern } from '../../../shared/text/marker-line';

export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
/** git's buffer_is_binary looks for a NUL in the first 8000 bytes. */
const BINARY_SNIFF_BYTES = 8000;

export type SkippedFile = z.infer<typeof SkippedFileSchema>;

export interface MarkerScanOptions {
  maxFileBytes?: number;
  extraTags?: readonly string[];
  binaryByAttribute?: ReadonlySet<string>;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface MarkerScanResult {
  markers: Marker[];
  filesScanned: number;
  skipped: SkippedFile[];
}

// O_NOFOLLOW: a symlink is never followed (and a file swapped for one is refused);
// O_NONBLOCK: a FIFO named like a source file cannot hang the scan.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Reads each file once into a reused buffer; decodes only files whose bytes contain a tag. */
export function scanMarkers(root: string, files: readonly string[], options: MarkerScanOptions = {}): MarkerScanResult {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const tags = [...MARKER_TAGS, ...(options.extraTags ?? [])];
  const tagBytes = tags.map((t) => Buffer.from(t, 'utf8'));
  const pattern = markerPattern(options.extraTags);
  const markers: Marker[] = [];
  const skipped: SkippedFile[] = [];
  let scanned = 0;
  let buffer = Buffer.allocUnsafe(1024 * 1024);

  for (let i = 0; i < files.length; i++) {
    if (options.signal?.aborted) break;
    if (options.onProgress && i % 2000 === 0) options.onProgress(i, files.length);
    const rel = files[i]!;
    if (options.binaryByAttribute?.has(rel)) continue;
    let fd: number;
    try {
      fd = openSync(join(root, rel), OPEN_FLAGS);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A tracked file deleted from the work tree, or a submodule folder, is simply not there to read.
      if (code === 'ENOENT' || code === 'EISDIR') continue;
      skipped.push({ file: rel, reason: code === 'ELOOP' ? 'not_a_file' : 'unreadable' });
      continue;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) {
        if (!stat.isDirectory()) skipped.push({ file: rel, reason: 'not_a_file' });
        continue;
      }
      if (stat.size > maxBytes) {
        skipped.push({ file: rel, reason: 'too_large', bytes: stat.size });
        continue;
      }
      if (stat.size > buffer.length) buffer = Buffer.allocUnsafe(Math.max(stat.size, buffer.length * 2));
      let length = 0;
      while (length < stat.size) {
        const n = readSync(fd, buffer, length, stat.size - length, length);
        if (n === 0) break;
        length += n;
      }
      scanned++;
      const view = buffer.subarray(0, length);
      if (view.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1) continue;
      let candidate = false;
      for (const t of tagBytes) {
        if (view.indexOf(t) !== -1) {
          candidate = true;
          break;
        }
      }
      if (!candidate) continue;
      for (const hit of findMarkersInText(view.toString('utf8'), pattern)) {
        markers.push({ file: rel, line: hit.line, tag: hit.tag, text: hit.text });
      }
    } catch {
      skipped.push({ file: rel, reason: 'unreadable' });
    } finally {
      closeSync(fd);
    }
  }
  options.onProgress?.(files.length, files.length);
  return { markers, filesScanned: scanned, skipped };
}
