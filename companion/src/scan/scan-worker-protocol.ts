import type { FileOutcome } from './marker-scan';

/** Main thread → scan worker. */
export type ToScanWorker =
  | { type: 'init'; root: string; tags: string[]; maxBytes: number; startedAt: number }
  | { type: 'batch'; batch: number; files: string[]; blobSigs: Array<string | null> };

/** Scan worker → main thread: one outcome per file of the batch, in order (null: not there). */
export interface FromScanWorker {
  type: 'done';
  batch: number;
  outcomes: Array<FileOutcome | null>;
  filesRead: number;
}
