import { parentPort } from 'node:worker_threads';
import { ReadBuffer } from './chunked-lines';
import { runFileJob } from './file-job';
import type { UsageWorkerReply, UsageWorkerRequest } from './usage-workers';

// A usage reader thread: takes the next job from the shared counter until none is left, sending each result back as it is read.
parentPort?.once('message', (request: UsageWorkerRequest) => {
  const rb = new ReadBuffer(request.chunk);
  const { jobs, counter } = request;
  for (let i = Atomics.add(counter, 0, 1); i < jobs.length; i = Atomics.add(counter, 0, 1)) {
    const reply: UsageWorkerReply = { type: 'result', index: i, result: runFileJob(jobs[i]!, rb) };
    parentPort!.postMessage(reply);
  }
  parentPort!.postMessage({ type: 'done' } satisfies UsageWorkerReply);
});
