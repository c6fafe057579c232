import { parentPort } from 'node:worker_threads';
import { ReadBuffer } from './chunked-lines';
import { runFileJob, type FileJobResult } from './usage-import';
import type { UsageWorkerReply, UsageWorkerRequest } from './usage-workers';

// A usage reader thread: reads the log files it is handed and sends back what it found.
parentPort?.once('message', (request: UsageWorkerRequest) => {
  const rb = new ReadBuffer(request.chunk);
  const results: FileJobResult[] = [];
  for (const job of request.jobs) {
    const r = runFileJob(job, rb);
    if (r) results.push(r);
  }
  const reply: UsageWorkerReply = { json: JSON.stringify(results) };
  parentPort!.postMessage(reply);
});
