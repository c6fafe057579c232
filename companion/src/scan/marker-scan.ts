import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Marker } from '../../../shared/domain/marker';
import { MARKER_TAGS } from '../../../shared/domain/marker-tags';
import type { SkippedFileSchema } from '../../../shared/domain/scan';
import { findMarkersInBuffer, markerNeedles } from './buffer-markers';
import { fileSignature } from './file-signature';

export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
/** git's buffer_is_binary looks for a NUL in the first 8000 bytes. */
const BINARY_SNIFF_BYTES = 8000;
/** Yield to the event loop this often so progress, cancel and other requests are served. */
const SLICE_MS = 16;

export type SkippedFile = z.infer<typeof SkippedFileSchema>;

/** What one file gave, as kept in the scan cache: markers as [line, tag, text], or why it was skipped. */
export interface FileOutcome {
  sig: string;
  markers?: Array<[number, string, string]>;
  skipped?: SkippedFile['reason'];
  /** The file's size in bytes. */
  bytes?: number;
}

export interface MarkerScanOptions {
  maxFileBytes?: number;
  extraTags?: readonly string[];
  binaryByAttribute?: ReadonlySet<string>;
  /** Outcomes from the previous scan; a file whose signature is unchanged is not read again. */
  cache?: ReadonlyMap<string, FileOutcome>;
  /** Tracked files known (by git) to equal an index blob: their signature is `git:<blob id>`, no stat needed. */
  cleanBlobs?: ReadonlyMap<string, string>;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  now?: () => number;
}

export interface MarkerScanResult {
  markers: Marker[];
  filesScanned: number;
  filesFromCache: number;
  skipped: SkippedFile[];
  /** Every file's outcome, for the next run's cache. */
  outcomes: Map<string, FileOutcome>;
  /** Byte size of each regular file seen (for project facts). */
  sizes: Map<string, number>;
  cancelled: boolean;
  /** False when every outcome came from the cache unchanged (nothing to write back). */
  changed: boolean;
}

// O_NOFOLLOW: a symlink is never followed (and a file swapped for one is refused);
// O_NONBLOCK: a FIFO named like a source file cannot hang the scan.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export function sanitizeExtraTags(tags: readonly string[] | undefined): string[] {
  return (tags ?? []).filter((t) => /^[A-Za-z0-9_-]{1,32}$/.test(t) && !(MARKER_TAGS as readonly string[]).includes(t));
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads each file once into a reused buffer and finds markers in its bytes. Unchanged files
 * (same signature as in `cache`) are not read. Yields every ~16 ms, so a cancel lands quickly.
 */
export async function scanMarkers(root: string, files: readonly string[], options: MarkerScanOptions = {}): Promise<MarkerScanResult> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const needles = markerNeedles([...MARKER_TAGS, ...sanitizeExtraTags(options.extraTags)]);
  const markers: Marker[] = [];
  const skipped: SkippedFile[] = [];
  const outcomes = new Map<string, FileOutcome>();
  const sizes = new Map<string, number>();
  let scanned = 0;
  let fromCache = 0;
  let buffer = Buffer.allocUnsafe(1024 * 1024);
  let sliceStart = performance.now();
  let cancelled = false;

  const record = (rel: string, outcome: FileOutcome) => {
    outcomes.set(rel, outcome);
    if (outcome.bytes !== undefined) sizes.set(rel, outcome.bytes);
    if (outcome.skipped) {
      skipped.push({ file: rel, reason: outcome.skipped, ...(outcome.skipped === 'too_large' && outcome.bytes !== undefined ? { bytes: outcome.bytes } : {}) });
    }
    for (const [line, tag, text] of outcome.markers ?? []) markers.push({ file: rel, line, tag, text });
  };

  for (let i = 0; i < files.length; i++) {
    if ((i & 63) === 0 && performance.now() - sliceStart > SLICE_MS) {
      options.onProgress?.(i, files.length);
      await yieldToLoop();
      sliceStart = performance.now();
    }
    if (options.signal?.aborted) {
      cancelled = true;
      break;
    }
    const rel = files[i]!;
    if (options.binaryByAttribute?.has(rel)) continue;
    const blob = options.cleanBlobs?.get(rel);
    const blobSig = blob ? `git:${blob}` : undefined;
    const cached = options.cache?.get(rel);
    if (cached && blobSig && cached.sig === blobSig) {
      record(rel, cached);
      fromCache++;
      continue;
    }
    if (cached && cached.sig !== '' && !blobSig) {
      try {
        const st = lstatSync(join(root, rel));
        if (st.isFile() && fileSignature(st, startedAt) === cached.sig) {
          record(rel, cached);
          fromCache++;
          continue;
        }
      } catch {
        /* gone or unreadable: fall through and let open() say which */
      }
    }

    let fd: number;
    try {
      fd = openSync(join(root, rel), OPEN_FLAGS);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A tracked file deleted from the work tree, or a submodule folder, is simply not there to read.
      if (code === 'ENOENT' || code === 'EISDIR') continue;
      record(rel, { sig: '', skipped: code === 'ELOOP' ? 'not_a_file' : 'unreadable' });
      continue;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) {
        if (!stat.isDirectory()) record(rel, { sig: '', skipped: 'not_a_file' });
        continue;
      }
      const sig = blobSig ?? fileSignature(stat, startedAt);
      const bytes = stat.size;
      if (bytes > maxBytes) {
        record(rel, { sig, skipped: 'too_large', bytes });
        continue;
      }
      if (stat.size > buffer.length) buffer = Buffer.allocUnsafe(stat.size);
      let length = 0;
      while (length < stat.size) {
        const n = readSync(fd, buffer, length, stat.size - length, length);
        if (n === 0) break;
        length += n;
      }
      scanned++;
      const view = buffer.subarray(0, length);
      if (view.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1) {
        record(rel, { sig, bytes });
        continue;
      }
      const hits = findMarkersInBuffer(view, needles);
      record(rel, hits.length ? { sig, bytes, markers: hits.map((h) => [h.line, h.tag, h.text]) } : { sig, bytes });
    } catch {
      record(rel, { sig: '', skipped: 'unreadable' });
    } finally {
      closeSync(fd);
    }
  }
  options.onProgress?.(cancelled ? outcomes.size : files.length, files.length);
  return { markers, filesScanned: scanned, filesFromCache: fromCache, skipped, outcomes, sizes, cancelled, changed: scanned > 0 || outcomes.size !== (options.cache?.size ?? -1) };
}
