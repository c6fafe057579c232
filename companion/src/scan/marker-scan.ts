import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Marker } from '../../../shared/domain/marker';
import { MARKER_TAGS } from '../../../shared/domain/marker-tags';
import type { SkippedFileSchema } from '../../../shared/domain/scan';
import { markerNeedles } from './buffer-markers';
import { FileReader } from './file-reader';
import { fileSignature } from './file-signature';
import { DEFAULT_MAX_FILE_BYTES, sanitizeExtraTags } from './marker-options';
import { readInWorkers, scanThreads } from './scan-workers';

export { DEFAULT_MAX_FILE_BYTES, sanitizeExtraTags };

/** Yield to the event loop this often so progress, cancel and other requests are served. */
const SLICE_MS = 16;

export type SkippedFile = z.infer<typeof SkippedFileSchema>;

/** What one file gave, as kept in the scan cache: markers as [line, tag, text], or why it was skipped. */
export interface FileOutcome {
  sig: string;
  /** [line, tag, text] or [line, tag, text, enclosing context]. */
  markers?: Array<[number, string, string] | [number, string, string, string]>;
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
  /** Files this scan has read already (null: not there), used as they are. */
  alreadyRead?: ReadonlyMap<string, FileOutcome | null>;
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

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Finds markers in every file. Unchanged files (same signature as in `cache`) are not read; the
 * rest are read on worker threads when there are many, else here, yielding every ~16 ms so
 * progress, cancel and other requests are served. Results keep the order of `files`.
 */
export async function scanMarkers(root: string, files: readonly string[], options: MarkerScanOptions = {}): Promise<MarkerScanResult> {
  const startedAt = (options.now ?? Date.now)();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const tags = [...MARKER_TAGS, ...sanitizeExtraTags(options.extraTags)];
  const found: Array<FileOutcome | null | undefined> = new Array(files.length);
  const toRead: number[] = [];
  let fromCache = 0;
  let readBefore = 0;
  let sliceStart = performance.now();
  const tick = async (done: number) => {
    if (performance.now() - sliceStart > SLICE_MS) {
      options.onProgress?.(done, files.length);
      await yieldToLoop();
      sliceStart = performance.now();
    }
    return options.signal?.aborted === true;
  };

  // 1. What the cache already knows.
  for (let i = 0; i < files.length; i++) {
    if ((i & 255) === 0 && (await tick(i))) return cancelledResult();
    const rel = files[i]!;
    if (options.binaryByAttribute?.has(rel)) continue;
    if (options.alreadyRead?.has(rel)) {
      const outcome = options.alreadyRead.get(rel)!;
      found[i] = outcome;
      if (outcome && !outcome.skipped) readBefore++; // as FileReader counts the files it read
      continue;
    }
    const cached = options.cache?.get(rel);
    if (cached && cached.sig !== '') {
      try {
        const st = lstatSync(join(root, rel));
        if (st.isFile() && fileSignature(st, startedAt) === cached.sig) {
          found[i] = cached;
          fromCache++;
          continue;
        }
      } catch {
        /* gone or unreadable: reading it says which */
      }
    }
    toRead.push(i);
  }

  // 2. Read the rest: on worker threads when there are many, else here.
  let filesRead = 0;
  let readByWorkers = false;
  const threads = scanThreads(toRead.length);
  if (threads > 0) {
    const outcome = await readInWorkers({
      root,
      files: toRead.map((i) => files[i]!),
      blobSigs: toRead.map(() => null),
      tags,
      maxBytes,
      startedAt,
      threads,
      signal: options.signal,
      onProgress: (done) => options.onProgress?.(fromCache + done, files.length),
    });
    if (outcome === 'cancelled') return cancelledResult();
    if (outcome !== 'unavailable') {
      outcome.outcomes.forEach((o, k) => (found[toRead[k]!] = o));
      filesRead = outcome.filesRead;
      readByWorkers = true;
    }
  }
  if (!readByWorkers) {
    const reader = new FileReader(root, markerNeedles(tags), maxBytes, startedAt);
    for (let k = 0; k < toRead.length; k++) {
      if ((k & 63) === 0 && (await tick(fromCache + k))) return cancelledResult();
      const i = toRead[k]!;
      found[i] = reader.read(files[i]!, undefined);
    }
    filesRead = reader.filesRead;
  }
  options.onProgress?.(files.length, files.length);

  // 3. Assemble in file order.
  const markers: Marker[] = [];
  const skipped: SkippedFile[] = [];
  const outcomes = new Map<string, FileOutcome>();
  const sizes = new Map<string, number>();
  for (let i = 0; i < files.length; i++) {
    const outcome = found[i];
    if (!outcome) continue;
    const rel = files[i]!;
    outcomes.set(rel, outcome);
    if (outcome.bytes !== undefined) sizes.set(rel, outcome.bytes);
    if (outcome.skipped) {
      skipped.push({ file: rel, reason: outcome.skipped, ...(outcome.skipped === 'too_large' && outcome.bytes !== undefined ? { bytes: outcome.bytes } : {}) });
    }
    if (outcome.markers) {
      for (const [line, tag, text, context] of outcome.markers) markers.push(context ? { file: rel, line, tag, text, context } : { file: rel, line, tag, text });
    }
  }
  const changed = filesRead > 0 || outcomes.size !== (options.cache?.size ?? -1);
  return { markers, filesScanned: filesRead + readBefore, filesFromCache: fromCache, skipped, outcomes, sizes, cancelled: false, changed };

  function cancelledResult(): MarkerScanResult {
    return { markers: [], filesScanned: 0, filesFromCache: 0, skipped: [], outcomes: new Map(), sizes: new Map(), cancelled: true, changed: false };
  }
}
