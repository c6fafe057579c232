import { closeSync, fstatSync, openSync } from 'node:fs';
import { readClaudeLine } from './claude-line';
import { forEachNeedleLine, type ReadBuffer } from './chunked-lines';
import { CODEX_NEEDLES, newCodexState, readCodexLine, type CodexState } from './codex-session';
import { encodeRecord, type FileCounts, type FileState } from './import-store';
import { skipValue } from './json-bytes';
import { claudeFileSessionId, codexFileSessionId, type LogFile } from './log-paths';
import type { UsageRecord } from './usage-record';

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
