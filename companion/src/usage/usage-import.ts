import { closeSync, fstatSync, openSync } from 'node:fs';
import { readClaudeLine } from './claude-line';
import { ClaudeDedupe } from './claude-dedupe';
import { forEachNeedleLine, ReadBuffer, type ChunkReadOptions } from './chunked-lines';
import { CODEX_NEEDLES, newCodexState, readCodexLine } from './codex-session';
import { decodeRecord, encodeRecord, readStore, writeStore, type FileCounts, type FileState, type ImportStore } from './import-store';
import { skipValue } from './json-bytes';
import { claudeFileSessionId, codexFileSessionId, findLogFiles, type LogFile } from './log-paths';
import type { UsageRecord } from './usage-record';

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

const CLAUDE_NEEDLES = [Buffer.from('"usage":{')];
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

function readNewBytes(file: LogFile, fd: number, state: FileState, rb: ReadBuffer, counts: ReturnType<typeof zeroCounts>): number {
  const strings = state.strings;
  const index = new Map(strings.map((s, i) => [s, i] as const));
  if (file.agent === 'claude') {
    const fallback = claudeFileSessionId(file);
    const r = forEachNeedleLine(
      fd,
      state.offset,
      CLAUDE_NEEDLES,
      rb,
      (buf, s, e) => {
        const line = readClaudeLine(buf, s, e);
        if (typeof line === 'string') {
          if (line === 'malformed') counts.malformed++;
          else if (line === 'invalid') counts.invalid++;
          else counts.ignored++;
          return;
        }
        if (line.model === SYNTHETIC) return;
        const record: UsageRecord = { agent: 'claude', ...line, sessionId: line.sessionId ?? fallback, files: line.files.length ? line.files : null };
        state.rows.push(encodeRecord(record, strings, index));
      },
      isWholeJson,
    );
    counts.truncated = r.truncatedTail ? 1 : 0;
    counts.oversized += r.oversizedLines;
    state.offset = r.endOffset;
    return r.bytesRead;
  }
  const codex = state.codex ?? newCodexState();
  state.codex = codex;
  const fallback = codexFileSessionId(file);
  const r = forEachNeedleLine(
    fd,
    state.offset,
    CODEX_NEEDLES,
    rb,
    (buf, s, e) => {
      const out = readCodexLine(buf.toString('utf8', s, e), codex, fallback);
      if (out === 'malformed') counts.malformed++;
      else if (out !== 'skipped') state.rows.push(encodeRecord(out, strings, index));
    },
    isWholeJson,
  );
  counts.truncated = r.truncatedTail ? 1 : 0;
  counts.oversized += r.oversizedLines;
  state.offset = r.endOffset;
  return r.bytesRead;
}

/**
 * Brings the import store up to date with the logs on disk, reading only what is new: a file whose
 * size and mtime are unchanged is not opened, a file that grew is read from where the last import
 * stopped (after its last complete line), and a file that shrank, was replaced (another inode) or
 * was rewritten in place is read again from the start. Files that disappeared are dropped.
 */
export function importUsage(options: ImportOptions): ImportResult {
  const env = options.env ?? process.env;
  const { files, notices } = options.found ?? findLogFiles(env);
  const { store, notice } = readStore(options.home);
  if (notice) notices.push(notice);
  const next: ImportStore = { version: store.version, files: {} };
  const stats: ImportStats = { files: files.length, filesRead: 0, bytesRead: 0, malformedLines: 0, invalidLines: 0, ignoredLines: 0, truncatedLines: 0, oversizedLines: 0 };
  let rb: ReadBuffer | undefined;
  let changed = Object.keys(store.files).length !== files.length;

  for (const file of files) {
    const prev = store.files[file.path];
    let fd: number;
    try {
      fd = openSync(file.path, 'r');
    } catch {
      notices.push(`could not open ${file.path}; skipped`);
      changed = true;
      continue;
    }
    try {
      const st = fstatSync(fd);
      const sameFile = prev !== undefined && prev.agent === file.agent && prev.ino === st.ino && prev.dev === st.dev;
      let state: FileState;
      if (sameFile && st.size === prev.size && st.mtimeMs === prev.mtimeMs) state = prev;
      else {
        changed = true;
        const grew = sameFile && st.size > prev.size && st.size >= prev.offset;
        state = grew
          ? { ...prev, size: st.size, mtimeMs: st.mtimeMs, codex: prev.codex ? structuredClone(prev.codex) : null, counts: { ...prev.counts } }
          : { agent: file.agent, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev, offset: 0, codex: null, counts: zeroCounts(), strings: [], rows: [] };
        const counts = { ...state.counts, ignored: 0 };
        rb ??= new ReadBuffer(options.chunk);
        stats.bytesRead += readNewBytes(file, fd, state, rb, counts);
        stats.ignoredLines += counts.ignored;
        state.counts = { malformed: counts.malformed, invalid: counts.invalid, truncated: counts.truncated, oversized: counts.oversized };
        stats.filesRead++;
      }
      stats.malformedLines += state.counts.malformed;
      stats.invalidLines += state.counts.invalid;
      stats.truncatedLines += state.counts.truncated;
      stats.oversizedLines += state.counts.oversized;
      next.files[file.path] = state;
    } finally {
      closeSync(fd);
    }
  }
  if (changed) writeStore(options.home, next);
  return { records: recordsOf(files, next, options.costOf), stats, notices };
}

/** Decodes every file's rows in order; Claude's go through deduplication. */
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
  }
  return dedupe.kept.concat(codex);
}
