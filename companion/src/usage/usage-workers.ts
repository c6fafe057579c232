import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChunkReadOptions } from './chunked-lines';
import type { FileJob, FileJobResult } from './file-job';

declare const __USAGE_WORKER_RELATIVE_URL__: string | undefined;

/** Below this many bytes to read, starting a thread costs more than it saves. */
export const WORKER_MIN_BYTES = 48 << 20;

/** All the jobs, and a shared counter from which the worker and the calling thread each take the next one. */
export interface UsageWorkerRequest {
  jobs: FileJob[];
  chunk: ChunkReadOptions | undefined;
  counter: Int32Array;
}

/** One job's result as soon as it is read (its rows are JSON text: one string crosses threads far faster than many small arrays), then `done`. */
export type UsageWorkerReply = { type: 'result'; index: number; result: FileJobResult | null } | { type: 'done' };

function workerUrl(): URL | null {
  if (typeof __USAGE_WORKER_RELATIVE_URL__ !== 'string') return null;
  const url = new URL(__USAGE_WORKER_RELATIVE_URL__, import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

export interface UsageWorker {
  /** Reads jobs taken from `counter` until none is left; resolves false if the worker failed (its unreported jobs are then unread). */
  run: (jobs: FileJob[], chunk: ChunkReadOptions | undefined, counter: Int32Array, onResult: (index: number, r: FileJobResult | null) => void) => Promise<boolean>;
}

/**
 * A second reader thread, or null with one core, when SESSIONPILOT_USAGE_THREADS=0, or when there is
 * no built worker (tests run the TypeScript sources on one thread).
 */
export function startUsageWorker(env: NodeJS.ProcessEnv = process.env): UsageWorker | null {
  if (env.SESSIONPILOT_USAGE_THREADS === '0' || availableParallelism() < 2) return null;
  const url = workerUrl();
  if (!url) return null;
  // Its garbage is short-lived (a line's fields, a file's rows): a smaller young generation saves ~10 MB for no measurable time.
  const worker = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  return {
    run: (jobs, chunk, counter, onResult) =>
      new Promise((resolve) => {
        let over = false;
        const end = (ok: boolean) => {
          if (over) return;
          over = true;
          void worker.terminate();
          resolve(ok);
        };
        // Our own worker's messages, not a trust boundary: typed rather than parsed.
        worker.on('message', (reply: UsageWorkerReply) => {
          if (over) return;
          if (reply.type === 'done') end(true);
          else onResult(reply.index, reply.result);
        });
        worker.once('error', () => end(false));
        worker.once('exit', () => end(false));
        const request: UsageWorkerRequest = { jobs, chunk, counter };
        worker.postMessage(request);
      }),
  };
}
