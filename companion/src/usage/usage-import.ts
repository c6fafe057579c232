import { closeSync, fstatSync, openSync, statSync, type Stats } from 'node:fs';
import { readClaudeLine } from './claude-line';
import { ClaudeDedupe } from './claude-dedupe';
import { forEachNeedleLine, ReadBuffer, type ChunkReadOptions } from './chunked-lines';
import { CODEX_NEEDLES, newCodexState, readCodexLine, type CodexState } from './codex-session';
import { decodeRecord, encodeRecord, readStore, StoreWriter, type FileCounts, type FileState, type RowsReader } from './import-store';
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

// Every countable line holds `"usage":{` (ccusage's own prefilter, required here too) and
// `"input_tokens"`. Searching for `_tokens"` first is ~3x faster: Buffer.indexOf scans for the
// needle's first byte, and `"` is everywhere in JSON while `_` is rare.
const CLAUDE_NEEDLES = [Buffer.from('_tokens"')];
const USAGE_MARKER = Buffer.from('"usage":{');
const SYNTHETIC = '<synthetic>';
const zeroCounts = (): FileCounts & { ignored: number } => ({ malformed: 0, invalid: 0, truncated: 0, oversized: 0, ignored: 0 });

/**
 * Whether the line [s, e) holds `"usage":{`. It is looked for just before the needle's hit first (a
 * usage object's first key is a count): searching the line from its start would stop at every `"`.
 */
function hasUsageMarker(buf: Buffer, s: number, e: number, hit: number): boolean {
  const near = Math.max(s, hit - 64);
  const at = buf.indexOf(USAGE_MARKER, near);
  if (at >= 0 && at + USAGE_MARKER.length <= e) return true;
  return near > s && buf.subarray(s, near + USAGE_MARKER.length - 1).indexOf(USAGE_MARKER) >= 0;
}

/** Rows text of an appended file: the last import's rows, then the new ones (null if the old ones are unreadable). */
function joinRowsText(before: string | null, after: string): string | null {
  if (before === null) return null;
  if (before === '[]') return after;
  if (after === '[]') return before;
  return `${before.slice(0, -1)},${after.slice(1)}`;
}

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
  /** Bytes expected to be read (decides whether a worker pays off). */
  bytes: number;
}

export interface FileJobResult {
  path: string;
  state: Omit<FileState, 'rows'>;
  /**
   * Rows read this time as JSON text, appended to the kept ones when `appended`, else replacing them.
   * Text because the reading thread then pays for serializing, the store is written from it as is,
   * and it crosses threads as one string.
   */
  rowsJson: string;
  /** The same rows as records, when asked for (a file read on the importing thread skips parsing its rows back). */
  records?: UsageRecord[];
  appended: boolean;
  bytesRead: number;
  ignored: number;
}

/** Reads what is new in one log file; null when it cannot be opened. */
export function runFileJob(job: FileJob, rb: ReadBuffer, keepRecords = false): FileJobResult | null {
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
    const records: UsageRecord[] | undefined = keepRecords ? [] : undefined;
    const counts = { ...start.counts, ignored: 0 };
    let result;
    if (file.agent === 'claude') {
      const fallback = claudeFileSessionId(file);
      result = forEachNeedleLine(
        fd,
        start.offset,
        CLAUDE_NEEDLES,
        rb,
        (buf, s, e, hit) => {
          if (!hasUsageMarker(buf, s, e, hit)) return;
          const line = readClaudeLine(buf, s, e);
          if (typeof line === 'string') {
            if (line === 'malformed') counts.malformed++;
            else if (line === 'invalid') counts.invalid++;
            else counts.ignored++;
            return;
          }
          if (line.model === SYNTHETIC) return;
          // Fields in decodeRecord's order: records made here and decoded ones share one shape.
          const record: UsageRecord = {
            agent: 'claude',
            timestamp: line.timestamp,
            sessionId: line.sessionId ?? fallback,
            messageId: line.messageId,
            requestId: line.requestId,
            isSidechain: line.isSidechain,
            model: line.model,
            cwd: line.cwd,
            costUSD: line.costUSD,
            inputTokens: line.inputTokens,
            outputTokens: line.outputTokens,
            cacheCreationTokens: line.cacheCreationTokens,
            cacheWrite1hTokens: line.cacheWrite1hTokens,
            cacheReadTokens: line.cacheReadTokens,
            files: line.files.length ? line.files : null,
          };
          rows.push(encodeRecord(record, strings, index));
          records?.push(record);
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
          else if (out !== 'skipped') {
            rows.push(encodeRecord(out, strings, index));
            records?.push(out);
          }
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
    return { path: file.path, state, rowsJson: JSON.stringify(rows), records, appended, bytesRead: result.bytesRead, ignored: counts.ignored };
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

/**
 * Deduplicates Claude's records in file order (keeping Codex's apart) as each next file's rows become
 * available, writing each file's state to the store on the way and then letting its rows go, so rows
 * and records are never both held whole.
 */
/** Records made on this thread held at most while an earlier file is still being read (~400 bytes each). */
const MADE_WAITING_MAX = 20_000;

class RecordsInOrder {
  /** Said once the import is over (a damaged rows entry). */
  readonly notices: string[] = [];
  private readonly dedupe: ClaudeDedupe;
  private readonly codex: UsageRecord[] = [];
  private readonly pending: Set<string>;
  private readonly rowsText = new Map<string, string | null>();
  private readonly madeRecords = new Map<string, UsageRecord[]>();
  private madeWaiting = 0;
  private nextFile = 0;

  constructor(
    private readonly files: LogFile[],
    /** Each file's state; `rows` set: its rows are the last import's, in `previous`. */
    private readonly states: Record<string, Omit<FileState, 'rows'> & { rows?: FileState['rows'] }>,
    private readonly previous: RowsReader | null,
    jobs: FileJob[],
    private readonly writer: StoreWriter | null,
    costOf: (r: UsageRecord) => number = () => 0,
  ) {
    this.dedupe = new ClaudeDedupe(costOf);
    this.pending = new Set(jobs.map((j) => j.file.path));
  }

  /** A job's rows as JSON text (null: unreadable), and maybe already as records. */
  ready(path: string, rowsText: string | null, records: UsageRecord[] | undefined): void {
    this.rowsText.set(path, rowsText);
    // Records waiting for an earlier file (one long file on the other thread) are capped: past that, their text is parsed instead.
    if (records && this.madeWaiting + records.length <= MADE_WAITING_MAX) {
      this.madeRecords.set(path, records);
      this.madeWaiting += records.length;
    }
  }

  /** A job is over (read, or could not be opened); files up to the next unsettled one are taken in. */
  settled(path: string): void {
    this.pending.delete(path);
    this.advance();
  }

  private advance(): void {
    while (this.nextFile < this.files.length) {
      const file = this.files[this.nextFile]!;
      if (this.pending.has(file.path)) return;
      this.nextFile++;
      const state = this.states[file.path];
      if (!state) continue;
      const fresh = this.rowsText.get(file.path);
      this.rowsText.delete(file.path);
      let text = fresh !== undefined ? fresh : state.rows && this.previous ? this.previous.read(state.rows) : null;
      const made = this.madeRecords.get(file.path);
      this.madeRecords.delete(file.path);
      if (made) this.madeWaiting -= made.length;
      let rows: unknown[] = [];
      if (!made && text !== null) {
        try {
          // Our own text; decodeRecord still checks every row.
          const parsed: unknown = JSON.parse(text);
          if (Array.isArray(parsed)) rows = parsed;
          else text = null;
        } catch {
          text = null;
        }
      }
      if (text === null) {
        // Its records are lost: an impossible mtime makes the next import read the file again.
        this.notices.push(`the usage store's records of ${file.path} were damaged; it is read again next time`);
        this.writer?.add(file.path, { ...state, mtimeMs: -1 }, '[]');
        continue;
      }
      this.writer?.add(file.path, state, text);
      if (made) for (const r of made) this.take(r);
      else {
        for (const row of rows) {
          const r = decodeRecord(row, state.strings, state.agent);
          if (r) this.take(r);
        }
      }
    }
  }

  private take(r: UsageRecord): void {
    if (r.agent === 'claude') this.dedupe.add(r);
    else this.codex.push(r);
  }

  /** Claude's records in ccusage's order, then Codex's; the store is committed. */
  finish(): Iterable<UsageRecord> {
    this.advance();
    this.writer?.commit();
    const { dedupe, codex } = this;
    return {
      *[Symbol.iterator]() {
        yield* dedupe.records;
        yield* codex;
      },
    };
  }

  abort(): void {
    this.writer?.abort();
  }
}
