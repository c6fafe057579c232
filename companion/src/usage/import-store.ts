import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ensureHome } from '../home/sessionpilot-home';
import { CodexStateSchema, type CodexState } from './codex-session';
import type { UsageRecord } from './usage-record';

// 2: rows moved out of the state file into a rows file read a file at a time.
const STORE_VERSION = 2;

export const FileCountsSchema = z.object({
  malformed: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
  truncated: z.number().int().nonnegative(),
  oversized: z.number().int().nonnegative(),
});
export type FileCounts = z.infer<typeof FileCountsSchema>;

/** What one log file contributed, and where to resume: its identity and size decide re-reading. */
const FileStateSchema = z.object({
  agent: z.enum(['claude', 'codex']),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  ino: z.number(),
  dev: z.number(),
  offset: z.number().int().nonnegative(),
  codex: CodexStateSchema.nullable(),
  counts: FileCountsSchema,
  /** Session ids, models and folders, each written once per file. */
  strings: z.array(z.string()),
  /** Byte offset and length of this file's records in the rows file: a JSON array of rows (see encodeRecord), checked row by row when decoded. */
  rows: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});
export type FileState = z.infer<typeof FileStateSchema>;

const ROWS_FILE = /^import-rows\.[\w.-]+\.jsonl$/;
const StoreSchema = z.object({ version: z.literal(STORE_VERSION), rowsFile: z.string().regex(ROWS_FILE), files: z.record(z.string(), FileStateSchema) });
export interface ImportStore {
  files: Record<string, FileState>;
  /** Reads files' rows from the last import's rows file (open since the store was read). */
  rows: RowsReader | null;
}

export const usageDir = (home: string): string => join(home, 'usage');
const storePath = (home: string): string => join(usageDir(home), 'import-state.json');

/** The last import's rows file, open from when its state was read (a concurrent import may replace it). */
export class RowsReader {
  constructor(private readonly fd: number) {}

  /** One file's rows as JSON text, or null if they cannot be read. */
  read([offset, length]: readonly [number, number]): string | null {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    try {
      while (got < length) {
        const n = readSync(this.fd, buf, got, length - got, offset + got);
        if (n === 0) return null;
        got += n;
      }
    } catch {
      return null;
    }
    return buf.toString('utf8');
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** The store from the last import; a missing or damaged one starts afresh (everything is re-read). */
export function readStore(home: string): { store: ImportStore; notice?: string } {
  let text: string;
  try {
    text = readFileSync(storePath(home), 'utf8');
  } catch {
    return { store: { files: {}, rows: null } };
  }
  try {
    const raw: unknown = JSON.parse(text);
    // An older store is a cache like any other: read the logs again, quietly.
    if (raw && typeof raw === 'object' && 'version' in raw && raw.version !== STORE_VERSION) return { store: { files: {}, rows: null } };
    const parsed = StoreSchema.safeParse(raw);
    if (parsed.success) {
      const fd = openSync(join(usageDir(home), parsed.data.rowsFile), 'r');
      return { store: { files: parsed.data.files, rows: new RowsReader(fd) } };
    }
  } catch {
    /* fall through */
  }
  return { store: { files: {}, rows: null }, notice: `${storePath(home)} was unreadable; re-reading all logs` };
}

/**
 * Writes the store a file at a time as files are added: each file's rows go to a new rows file,
 * and `commit` writes the small state file (to a temp file renamed over the old one, mode 0600),
 * then removes older rows files. No fsync: it is a cache of what the logs say, and a store lost in
 * a crash only means a full re-read.
 */
export class StoreWriter {
  private readonly dir: string;
  private readonly statePath: string;
  private readonly rowsFile: string;
  private readonly fd: number;
  private offset = 0;
  private readonly files: Record<string, FileState> = {};

  constructor(home: string) {
    this.dir = usageDir(ensureHome(home));
    this.statePath = storePath(home);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.rowsFile = `import-rows.${process.pid}.${Date.now()}.jsonl`;
    this.fd = openSync(join(this.dir, this.rowsFile), 'w', 0o600);
  }

  /** One file's state, with its rows as JSON text (the state's own `rows` are replaced). */
  add(file: string, state: Omit<FileState, 'rows'>, rowsText: string): void {
    const bytes = Buffer.from(`${rowsText}\n`);
    writeSync(this.fd, bytes);
    this.files[file] = { ...state, rows: [this.offset, bytes.length - 1] };
    this.offset += bytes.length;
  }

  commit(): void {
    closeSync(this.fd);
    const path = this.statePath;
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ version: STORE_VERSION, rowsFile: this.rowsFile, files: this.files })}\n`, { mode: 0o600 });
    renameSync(tmp, path);
    for (const name of readdirSync(this.dir)) if (ROWS_FILE.test(name) && name !== this.rowsFile) rmSync(join(this.dir, name), { force: true });
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
    rmSync(join(this.dir, this.rowsFile), { force: true });
  }
}

/** Interns a string into a file's table; -1 for null. */
export function intern(strings: string[], index: Map<string, number>, s: string | null): number {
  if (s === null) return -1;
  let i = index.get(s);
  if (i === undefined) {
    i = strings.length;
    strings.push(s);
    index.set(s, i);
  }
  return i;
}

/** [ts, msgId, reqId, session, sidechain, in, out, cacheWrite, cacheWrite1h, cacheRead, model, costUSD, cwd, files] */
export function encodeRecord(r: UsageRecord, strings: string[], index: Map<string, number>): unknown[] {
  return [
    r.timestamp,
    r.messageId,
    r.requestId,
    intern(strings, index, r.sessionId),
    r.isSidechain ? 1 : 0,
    r.inputTokens,
    r.outputTokens,
    r.cacheCreationTokens,
    r.cacheWrite1hTokens,
    r.cacheReadTokens,
    intern(strings, index, r.model),
    r.costUSD,
    intern(strings, index, r.cwd),
    r.files,
  ];
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isOptString = (v: unknown): v is string | null => v === null || typeof v === 'string';

/**
 * A row back into a record, or null if it is not one we wrote. Hand-checked rather than a zod
 * tuple per row: a large store holds hundreds of thousands of rows and this runs on every import
 * that found a changed file.
 */
export function decodeRecord(row: unknown, strings: string[], agent: 'claude' | 'codex'): UsageRecord | null {
  if (!Array.isArray(row) || row.length !== 14) return null;
  const [ts, msg, req, session, side, input, output, cw, cw1h, cr, model, cost, cwd, files] = row;
  if (typeof ts !== 'number' || !isOptString(msg) || !isOptString(req) || typeof session !== 'number') return null;
  if (!isCount(input) || !isCount(output) || !isCount(cw) || !isCount(cw1h) || !isCount(cr)) return null;
  if (typeof model !== 'number' || typeof cwd !== 'number' || !(cost === null || typeof cost === 'number')) return null;
  if (!(files === null || (Array.isArray(files) && files.every((f) => typeof f === 'string')))) return null;
  const str = (i: number) => (i >= 0 && i < strings.length ? strings[i]! : null);
  const sessionId = str(session);
  if (sessionId === null) return null;
  return {
    agent,
    timestamp: ts,
    sessionId,
    messageId: msg,
    requestId: req,
    isSidechain: side === 1,
    model: str(model),
    cwd: str(cwd),
    costUSD: cost,
    inputTokens: input,
    outputTokens: output,
    cacheCreationTokens: cw,
    cacheWrite1hTokens: cw1h,
    cacheReadTokens: cr,
    files: files as string[] | null,
  };
}

export type { CodexState };
