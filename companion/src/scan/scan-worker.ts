import { parentPort } from 'node:worker_threads';
import { markerNeedles } from './buffer-markers';
import { FileReader } from './file-reader';
import type { FromScanWorker, ToScanWorker } from './scan-worker-protocol';

// A scan worker: reads the batches of files the main thread hands it and sends back outcomes.
let reader: FileReader | null = null;
parentPort?.on('message', (message: ToScanWorker) => {
  if (message.type === 'init') {
    reader = new FileReader(message.root, markerNeedles(message.tags), message.maxBytes, message.startedAt);
    return;
  }
  if (!reader) return;
  const before = reader.filesRead;
  const outcomes = message.files.map((rel, i) => reader!.read(rel, message.blobSigs[i] ?? undefined));
  const reply: FromScanWorker = { type: 'done', batch: message.batch, outcomes, filesRead: reader.filesRead - before };
  parentPort!.postMessage(reply);
});
