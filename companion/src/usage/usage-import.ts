import { statSync, type Stats } from 'node:fs';
import { ReadBuffer, type ChunkReadOptions } from './chunked-lines';
import { runFileJob, type FileJob, type FileJobResult } from './file-job';
import { readStore, StoreWriter, type FileState } from './import-store';
import { findLogFiles, type LogFile } from './log-paths';
import { RecordsInOrder } from './records-in-order';
import type { UsageRecord } from './usage-record';
import { startUsageWorker, WORKER_MIN_BYTES } from './usage-workers';

export interface ImportOptions {
  env?: NodeJS.ProcessEnv;
  /** SESSIONPILOT_HOME: the import store lives in its `usage/` folder. */
  home: string;
  chunk?: ChunkReadOptions;
  /** Prices records for deduplication's last tie-break (the costlier copy wins). */
  costOf?: (r: UsageRecord) => number;
  /** Files already found (saves a second walk when the caller looked first). */
  found?: { files: LogFile[]; notices: string[]; stats?: ReadonlyMap<string, Stats> };
}

export interface ImportStats {
  files: number;
  /** Files opened because they were new, grew or changed. */
  filesRead: number;
  bytesRead: number;
  malformedLines: number;
  invalidLines: number;
  ignoredLines: number;
  truncatedLines: number;
  oversizedLines: number;
}

export interface ImportResult {
  /** Deduplicated records, Claude's in ccusage's order, then Codex's. */
  records: UsageRecord[];
  stats: ImportStats;
  notices: string[];
}

/** Rows text of an appended file: the last import's rows, then the new ones (null if the old ones are unreadable). */
function joinRowsText(before: string | null, after: string): string | null {
  if (before === null) return null;
  if (before === '[]') return after;
  if (after === '[]') return before;
  return `${before.slice(0, -1)},${after.slice(1)}`;
}

/**
 * Brings the import store up to date with the logs on disk, reading only what is new: a file whose
 * size and mtime are unchanged is not opened, a file that grew is read from where the last import
 * stopped (after its last complete line), and a file that shrank, was replaced (another inode) or
 * was rewritten in place is read again from the start. Files that disappeared are dropped.
 */
export async function importUsage(options: ImportOptions): Promise<ImportResult> {
  const r = await importUsageRecords(options);
  return { ...r, records: [...r.records] };
}

/** importUsage, with the records made one at a time as they are iterated (a report needs no array of them all). */
export async function importUsageRecords(options: ImportOptions): Promise<Omit<ImportResult, 'records'> & { records: Iterable<UsageRecord> }> {
  const env = options.env ?? process.env;
  const { files, notices } = options.found ?? findLogFiles(env);
  const known = options.found?.stats;
  const { store, notice } = readStore(options.home);
  if (notice) notices.push(notice);
  const next: Record<string, Omit<FileState, 'rows'> & { rows?: FileState['rows'] }> = {};
  const stats: ImportStats = { files: files.length, filesRead: 0, bytesRead: 0, malformedLines: 0, invalidLines: 0, ignoredLines: 0, truncatedLines: 0, oversizedLines: 0 };
  let changed = Object.keys(store.files).length !== files.length;

  const jobs: FileJob[] = [];
  for (const file of files) {
    const prev = store.files[file.path];
    let st;
    try {
      st = known?.get(file.path) ?? statSync(file.path);
    } catch {
      notices.push(`could not read ${file.path}; skipped`);
      changed = true;
      continue;
    }
    const sameFile = prev !== undefined && prev.agent === file.agent && prev.ino === st.ino && prev.dev === st.dev;
    if (sameFile && st.size === prev.size && st.mtimeMs === prev.mtimeMs) {
      next[file.path] = prev;
      continue;
    }
    changed = true;
    const grows = sameFile && st.size > prev.size;
    jobs.push({
      file,
      start: grows ? { offset: prev.offset, codex: prev.codex, strings: prev.strings, counts: prev.counts } : null,
      expect: grows ? { ino: prev.ino, dev: prev.dev, size: prev.size } : null,
      bytes: grows ? st.size - prev.offset : st.size,
    });
  }

  // Files are read in path order by this thread and a worker taking turns; as each next file in order
  // is ready its rows are deduplicated and written to the store, while later files are still being read.
  const records = new RecordsInOrder(files, next, store.rows, jobs, changed ? new StoreWriter(options.home) : null, options.costOf);
  try {
    await readFiles(jobs, options.chunk, (job, r) => {
      if (!r) notices.push(`could not open ${job.file.path}; skipped`);
      else {
        const prevRows = r.appended ? store.files[job.file.path]?.rows : undefined;
        next[job.file.path] = r.state;
        // An appended file's rows: the last import's, then the new ones.
        if (prevRows) records.ready(job.file.path, joinRowsText(store.rows?.read(prevRows) ?? null, r.rowsJson), undefined);
        else records.ready(job.file.path, r.rowsJson, r.records);
        stats.filesRead++;
        stats.bytesRead += r.bytesRead;
        stats.ignoredLines += r.ignored;
      }
      records.settled(job.file.path);
    });
    for (const state of Object.values(next)) {
      stats.malformedLines += state.counts.malformed;
      stats.invalidLines += state.counts.invalid;
      stats.truncatedLines += state.counts.truncated;
      stats.oversizedLines += state.counts.oversized;
    }
    const result = records.finish();
    notices.push(...records.notices);
    return { records: result, stats, notices };
  } catch (err) {
    records.abort();
    throw err;
  } finally {
    store.rows?.close();
  }
}

/**
 * Reads the jobs on this thread, and on a worker too when there is enough to read (two cores pay
 * off). Both take the next job in order from one shared counter, so neither waits for the other
 * at the end; `done` gets each job's result (null: it could not be opened) as it comes.
 */
async function readFiles(jobs: FileJob[], chunk: ChunkReadOptions | undefined, done: (job: FileJob, r: FileJobResult | null) => void): Promise<void> {
  const total = jobBytes(jobs);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const settled = new Array<boolean>(jobs.length).fill(false);
  const settle = (i: number, r: FileJobResult | null) => {
    settled[i] = true;
    done(jobs[i]!, r);
  };
  const worker = total >= WORKER_MIN_BYTES ? startUsageWorker() : null;
  const working = worker ? worker.run(jobs, chunk, counter, settle) : Promise.resolve(true);
  const rb = new ReadBuffer(chunk);
  for (let i = Atomics.add(counter, 0, 1); i < jobs.length; i = Atomics.add(counter, 0, 1)) {
    settle(i, runFileJob(jobs[i]!, rb, true));
    // Lets the worker's results in between files.
    if (worker) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // A worker that failed leaves the jobs it took unsettled: read them here.
  if (!(await working)) for (let i = 0; i < jobs.length; i++) if (!settled[i]) settle(i, runFileJob(jobs[i]!, rb, true));
}

function jobBytes(jobs: FileJob[]): number {
  let total = 0;
  for (const j of jobs) total += j.bytes;
  return total;
}

