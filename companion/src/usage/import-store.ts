import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ensureHome } from '../home/sessionpilot-home';
import { CodexStateSchema, type CodexState } from './codex-session';
import type { UsageRecord } from './usage-record';

const STORE_VERSION = 1;

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
  /** Records as rows (see encodeRecord); checked row by row when decoded. */
  rows: z.array(z.unknown()),
});
export type FileState = z.infer<typeof FileStateSchema>;

const StoreSchema = z.object({ version: z.literal(STORE_VERSION), files: z.record(z.string(), FileStateSchema) });
export type ImportStore = z.infer<typeof StoreSchema>;

export const usageDir = (home: string): string => join(home, 'usage');
const storePath = (home: string): string => join(usageDir(home), 'import-state.json');

/** The store from the last import; a missing or damaged one starts afresh (everything is re-read). */
export function readStore(home: string): { store: ImportStore; notice?: string } {
  let text: string;
  try {
    text = readFileSync(storePath(home), 'utf8');
  } catch {
    return { store: { version: STORE_VERSION, files: {} } };
  }
  try {
    const parsed = StoreSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { store: parsed.data };
  } catch {
    /* fall through */
  }
  return { store: { version: STORE_VERSION, files: {} }, notice: `${storePath(home)} was unreadable; re-reading all logs` };
}

/**
 * Writes the store a file at a time as files are added (one big JSON string would double the peak
 * memory), to a temp file renamed over the old one by `commit`, mode 0600. No fsync: it is a cache
 * of what the logs say, and a store lost in a crash only means a full re-read.
 */
export class StoreWriter {
  private readonly path: string;
  private readonly tmp: string;
  private readonly fd: number;
  private first = true;

  constructor(home: string, version: number = STORE_VERSION) {
    mkdirSync(usageDir(ensureHome(home)), { recursive: true, mode: 0o700 });
    this.path = storePath(home);
    this.tmp = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    this.fd = openSync(this.tmp, 'w', 0o600);
    writeSync(this.fd, `{"version":${version},"files":{`);
  }

  /** One file's state; `rowsText`, when given, is its rows as JSON text (the state's `rows` are then ignored). */
  add(file: string, state: FileState, rowsText?: string): void {
    const json = rowsText === undefined ? JSON.stringify(state) : `${JSON.stringify({ ...state, rows: undefined }).slice(0, -1)},"rows":${rowsText}}`;
    writeSync(this.fd, `${this.first ? '' : ','}${JSON.stringify(file)}:${json}`);
    this.first = false;
  }

  commit(): void {
    try {
      writeSync(this.fd, '}}\n');
    } finally {
      closeSync(this.fd);
    }
    renameSync(this.tmp, this.path);
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
    rmSync(this.tmp, { force: true });
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
