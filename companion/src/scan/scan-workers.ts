import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileOutcome } from './marker-scan';
import type { FromScanWorker, ToScanWorker } from './scan-worker-protocol';

declare const __SCAN_WORKER_RELATIVE_URL__: string | undefined;

/** Below this many files to read, starting threads costs more than it saves. */
const MIN_FILES_FOR_THREADS = 3_000;
const BATCH = 256;

/**
 * How many worker threads to read `fileCount` files with: 0 for few files, one core, or no built
 * worker (tests run the TypeScript sources). SESSIONPILOT_SCAN_THREADS overrides (0 turns them off).
 */
export function scanThreads(fileCount: number, env: NodeJS.ProcessEnv = process.env): number {
  if (workerUrl() === null) return 0;
  const forced = env.SESSIONPILOT_SCAN_THREADS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), 16);
  const cores = availableParallelism();
  if (cores < 2 || fileCount < MIN_FILES_FOR_THREADS) return 0;
  return Math.min(cores, 4);
}

function workerUrl(): URL | null {
  if (typeof __SCAN_WORKER_RELATIVE_URL__ !== 'string') return null;
  const url = new URL(__SCAN_WORKER_RELATIVE_URL__, import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

export interface WorkerReadRequest {
  root: string;
  files: string[];
  blobSigs: Array<string | null>;
  tags: string[];
  maxBytes: number;
  startedAt: number;
  threads: number;
  signal?: AbortSignal;
  onProgress: (done: number) => void;
}

/**
 * Reads files on `threads` workers, handing out batches as each finishes (so one huge file does not
 * hold the others up). Outcomes come back in the order of `files`. A cancel terminates the workers.
 */
export async function readInWorkers(req: WorkerReadRequest): Promise<{ outcomes: Array<FileOutcome | null>; filesRead: number } | 'cancelled' | 'unavailable'> {
  const url = workerUrl();
  if (!url) return 'unavailable';
  const outcomes: Array<FileOutcome | null> = new Array(req.files.length);
  const batches = Math.ceil(req.files.length / BATCH);
  let next = 0;
  let finished = 0;
  let filesRead = 0;
  const workers: Worker[] = [];
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: Awaited<ReturnType<typeof readInWorkers>>) => {
      if (settled) return;
      settled = true;
      req.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      resolve(value);
    };
    const onAbort = () => settle('cancelled');
    req.signal?.addEventListener('abort', onAbort);
    const feed = (worker: Worker) => {
      if (next >= batches) return;
      const batch = next++;
      const message: ToScanWorker = {
        type: 'batch',
        batch,
        files: req.files.slice(batch * BATCH, (batch + 1) * BATCH),
        blobSigs: req.blobSigs.slice(batch * BATCH, (batch + 1) * BATCH),
      };
      worker.postMessage(message);
    };
    for (let t = 0; t < Math.min(req.threads, batches); t++) {
      const worker = new Worker(url);
      workers.push(worker);
      worker.on('message', (reply: FromScanWorker) => {
        reply.outcomes.forEach((o, k) => (outcomes[reply.batch * BATCH + k] = o));
        filesRead += reply.filesRead;
        finished++;
        req.onProgress(Math.min(req.files.length, finished * BATCH));
        if (finished === batches) settle({ outcomes, filesRead });
        else feed(worker);
      });
      // A worker that cannot start (or dies) leaves the work to the main thread.
      worker.on('error', () => settle('unavailable'));
      const init: ToScanWorker = { type: 'init', root: req.root, tags: req.tags, maxBytes: req.maxBytes, startedAt: req.startedAt };
      worker.postMessage(init);
      feed(worker);
      feed(worker); // two in flight per worker keeps it busy while a reply travels
    }
    if (batches === 0) settle({ outcomes, filesRead });
  });
}
