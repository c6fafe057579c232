import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChunkReadOptions } from './chunked-lines';
import type { FileJob, FileJobResult } from './usage-import';

declare const __USAGE_WORKER_RELATIVE_URL__: string | undefined;

/** Below this many bytes to read, starting a thread costs more than it saves. */
export const WORKER_MIN_BYTES = 48 << 20;

export interface UsageWorkerRequest {
  jobs: FileJob[];
  chunk: ChunkReadOptions | undefined;
}

/** The worker's reply: its results as JSON text (one string crosses threads far faster than many small arrays). */
export interface UsageWorkerReply {
  json: string;
}

function workerUrl(): URL | null {
  if (typeof __USAGE_WORKER_RELATIVE_URL__ !== 'string') return null;
  const url = new URL(__USAGE_WORKER_RELATIVE_URL__, import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

/**
 * A second reader thread, or null with one core, when SESSIONPILOT_USAGE_THREADS=0, or when there is
 * no built worker (tests run the TypeScript sources on one thread). A failing worker's files are read
 * on the calling thread instead.
 */
export function startUsageWorker(env: NodeJS.ProcessEnv = process.env): { run: (jobs: FileJob[], chunk: ChunkReadOptions | undefined) => Promise<FileJobResult[]> } | null {
  if (env.SESSIONPILOT_USAGE_THREADS === '0' || availableParallelism() < 2) return null;
  const url = workerUrl();
  if (!url) return null;
  const worker = new Worker(url);
  return {
    run: (jobs, chunk) =>
      new Promise((resolve) => {
        const fallback = async () => {
          const { runFileJob } = await import('./usage-import');
          const { ReadBuffer } = await import('./chunked-lines');
          const rb = new ReadBuffer(chunk);
          resolve(jobs.map((j) => runFileJob(j, rb)).filter((r): r is FileJobResult => r !== null));
        };
        worker.once('message', (reply: UsageWorkerReply) => {
          void worker.terminate();
          resolve(JSON.parse(reply.json) as FileJobResult[]);
        });
        worker.once('error', () => void fallback());
        const request: UsageWorkerRequest = { jobs, chunk };
        worker.postMessage(request);
      }),
  };
}
