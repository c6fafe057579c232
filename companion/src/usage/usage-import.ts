import { closeSync, fstatSync, openSync, statSync } from 'node:fs';
import { readClaudeLine } from './claude-line';
import { ClaudeDedupe } from './claude-dedupe';
import { forEachNeedleLine, ReadBuffer, type ChunkReadOptions } from './chunked-lines';
import { CODEX_NEEDLES, newCodexState, readCodexLine, type CodexState } from './codex-session';
import { decodeRecord, encodeRecord, readStore, writeStore, type FileCounts, type FileState, type ImportStore } from './import-store';
import { skipValue } from './json-bytes';
import { claudeFileSessionId, codexFileSessionId, findLogFiles, type LogFile } from './log-paths';
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
  found?: { files: LogFile[]; notices: string[] };
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

// Every countable line holds `"usage":{` (ccusage's own prefilter, required here too) and
// `"input_tokens"`. Searching for `_tokens"` first is ~3x faster: Buffer.indexOf scans for the
// needle's first byte, and `"` is everywhere in JSON while `_` is rare.
const CLAUDE_NEEDLES = [Buffer.from('_tokens"')];
const USAGE_MARKER = Buffer.from('"usage":{');
const SYNTHETIC = '<synthetic>';
const zeroCounts = (): FileCounts & { ignored: number } => ({ malformed: 0, invalid: 0, truncated: 0, oversized: 0, ignored: 0 });

/** A final piece without a newline counts only if it is one whole JSON value (the writer finished it). */
function isWholeJson(buf: Buffer, start: number, end: number): boolean {
  let s = start;
  while (s < end && (buf[s] === 0x20 || buf[s] === 0x09 || buf[s] === 0x0d)) s++;
  let e = end;
  while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09 || buf[e - 1] === 0x0d)) e--;
  return e > s && skipValue(buf, s, e) === e;
}

/** Where a file's reading starts: after the last import's last complete line, or at 0 for a new file. */
export interface FileStart {
  offset: number;
  codex: CodexState | null;
  strings: string[];
  counts: FileCounts;
}

/** A file to read from `start`, unless `expect` (the last import's identity) no longer matches. */
export interface FileJob {
  file: LogFile;
  start: FileStart | null;
  expect: { ino: number; dev: number; size: number } | null;
}

export interface FileJobResult {
  path: string;
  state: Omit<FileState, 'rows'>;
  /** Rows read this time; appended to the kept ones when `appended`, else they replace them. */
  rows: unknown[][];
  appended: boolean;
  bytesRead: number;
  ignored: number;
}

/** Reads what is new in one log file; null when it cannot be opened. */
export function runFileJob(job: FileJob, rb: ReadBuffer): FileJobResult | null {
  const { file } = job;
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    const e = job.expect;
    const appended = job.start !== null && e !== null && e.ino === st.ino && e.dev === st.dev && st.size > e.size && st.size >= job.start.offset;
    const start: FileStart = appended ? structuredClone(job.start!) : { offset: 0, codex: null, strings: [], counts: zeroCounts() };
    const strings = start.strings;
    const index = new Map(strings.map((s, i) => [s, i] as const));
    const rows: unknown[][] = [];
    const counts = { ...start.counts, ignored: 0 };
    let result;
    if (file.agent === 'claude') {
      const fallback = claudeFileSessionId(file);
      result = forEachNeedleLine(
        fd,
        start.offset,
        CLAUDE_NEEDLES,
        rb,
        (buf, s, e) => {
          if (buf.subarray(s, e).indexOf(USAGE_MARKER) < 0) return;
          const line = readClaudeLine(buf, s, e);
          if (typeof line === 'string') {
            if (line === 'malformed') counts.malformed++;
            else if (line === 'invalid') counts.invalid++;
            else counts.ignored++;
            return;
          }
          if (line.model === SYNTHETIC) return;
          const record: UsageRecord = { agent: 'claude', ...line, sessionId: line.sessionId ?? fallback, files: line.files.length ? line.files : null };
          rows.push(encodeRecord(record, strings, index));
        },
        isWholeJson,
      );
    } else {
      const codex = start.codex ?? newCodexState();
      start.codex = codex;
      const fallback = codexFileSessionId(file);
      result = forEachNeedleLine(
        fd,
        start.offset,
        CODEX_NEEDLES,
        rb,
        (buf, s, e) => {
          const out = readCodexLine(buf.toString('utf8', s, e), codex, fallback);
          if (out === 'malformed') counts.malformed++;
          else if (out !== 'skipped') rows.push(encodeRecord(out, strings, index));
        },
        isWholeJson,
      );
    }
    const state: Omit<FileState, 'rows'> = {
      agent: file.agent,
      size: st.size,
      mtimeMs: st.mtimeMs,
      ino: st.ino,
      dev: st.dev,
      offset: result.endOffset,
      codex: start.codex,
      strings,
      counts: { malformed: counts.malformed, invalid: counts.invalid, truncated: result.truncatedTail ? 1 : 0, oversized: counts.oversized + result.oversizedLines },
    };
    return { path: file.path, state, rows, appended, bytesRead: result.bytesRead, ignored: counts.ignored };
  } finally {
    closeSync(fd);
  }
}

/**
 * Brings the import store up to date with the logs on disk, reading only what is new: a file whose
 * size and mtime are unchanged is not opened, a file that grew is read from where the last import
 * stopped (after its last complete line), and a file that shrank, was replaced (another inode) or
 * was rewritten in place is read again from the start. Files that disappeared are dropped.
 */
export async function importUsage(options: ImportOptions): Promise<ImportResult> {
  const env = options.env ?? process.env;
  const { files, notices } = options.found ?? findLogFiles(env);
  const { store, notice } = readStore(options.home);
  if (notice) notices.push(notice);
  const next: ImportStore = { version: store.version, files: {} };
  const stats: ImportStats = { files: files.length, filesRead: 0, bytesRead: 0, malformedLines: 0, invalidLines: 0, ignoredLines: 0, truncatedLines: 0, oversizedLines: 0 };
  let changed = Object.keys(store.files).length !== files.length;

  const jobs: Array<FileJob & { bytes: number }> = [];
  for (const file of files) {
    const prev = store.files[file.path];
    let st;
    try {
      st = statSync(file.path);
    } catch {
      notices.push(`could not read ${file.path}; skipped`);
      changed = true;
      continue;
    }
    const sameFile = prev !== undefined && prev.agent === file.agent && prev.ino === st.ino && prev.dev === st.dev;
    if (sameFile && st.size === prev.size && st.mtimeMs === prev.mtimeMs) {
      next.files[file.path] = prev;
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

  const results = await readFiles(jobs, options.chunk);
  for (const job of jobs) {
    const r = results.get(job.file.path);
    if (!r) {
      notices.push(`could not open ${job.file.path}; skipped`);
      continue;
    }
    const prevRows = r.appended ? (store.files[job.file.path]?.rows ?? []) : [];
    next.files[job.file.path] = { ...r.state, rows: prevRows.length ? prevRows.concat(r.rows) : r.rows };
    stats.filesRead++;
    stats.bytesRead += r.bytesRead;
    stats.ignoredLines += r.ignored;
  }
  for (const state of Object.values(next.files)) {
    stats.malformedLines += state.counts.malformed;
    stats.invalidLines += state.counts.invalid;
    stats.truncatedLines += state.counts.truncated;
    stats.oversizedLines += state.counts.oversized;
  }
  if (changed) writeStore(options.home, next);
  return { records: recordsOf(files, next, options.costOf), stats, notices };
}

/** Reads on this thread, or on this thread and one worker when there is enough to read (two cores pay off). */
async function readFiles(jobs: Array<FileJob & { bytes: number }>, chunk: ChunkReadOptions | undefined): Promise<Map<string, FileJobResult>> {
  const out = new Map<string, FileJobResult>();
  const total = jobs.reduce((s, j) => s + j.bytes, 0);
  const worker = total >= WORKER_MIN_BYTES ? startUsageWorker() : null;
  const mine: FileJob[] = [];
  const theirs: FileJob[] = [];
  if (worker) {
    // Largest first into the lighter side: both threads finish at about the same time.
    let a = 0;
    let b = 0;
    for (const j of [...jobs].sort((x, y) => y.bytes - x.bytes)) {
      if (a <= b) {
        mine.push(j);
        a += j.bytes;
      } else {
        theirs.push(j);
        b += j.bytes;
      }
    }
  } else mine.push(...jobs);
  const pending = worker ? worker.run(theirs, chunk) : Promise.resolve([]);
  const rb = new ReadBuffer(chunk);
  for (const job of mine) {
    const r = runFileJob({ file: job.file, start: job.start, expect: job.expect }, rb);
    if (r) out.set(r.path, r);
  }
  for (const r of await pending) out.set(r.path, r);
  return out;
}

/** Decodes every file's rows in order (emptying the store's rows); Claude's go through deduplication. */
function recordsOf(files: LogFile[], store: ImportStore, costOf: (r: UsageRecord) => number = () => 0): UsageRecord[] {
  const dedupe = new ClaudeDedupe(costOf);
  const codex: UsageRecord[] = [];
  for (const file of files) {
    const state = store.files[file.path];
    if (!state) continue;
    for (const row of state.rows) {
      const r = decodeRecord(row, state.strings, state.agent);
      if (!r) continue;
      if (r.agent === 'claude') dedupe.add(r);
      else codex.push(r);
    }
    // Written already: let the rows go as their records are made, so both are never held whole.
    state.rows = [];
  }
  return dedupe.kept.concat(codex);
}
