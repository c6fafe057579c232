import { readMessage, type MessageFields } from './claude-message';
import { cursor, firstMember, isNullAt, keyIs, memberValue, nextMember, OBJECT_END, QUOTE, skipValue, stringEnd } from './json-bytes';
import { timestampAt } from './log-timestamp';
import { field, readStringField, slots } from './string-slot';

export { parseTimestamp } from './log-timestamp';

/** One Claude Code response's usage as written on one log line. */
export interface ClaudeUsageLine {
  timestamp: number;
  sessionId: string | null;
  requestId: string | null;
  messageId: string | null;
  model: string | null;
  isSidechain: boolean;
  cwd: string | null;
  costUSD: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
  /** file_path of Edit / Write / MultiEdit / NotebookEdit tool uses on this line. */
  files: string[];
}

/** Why a line gave no usage: not JSON (or cut short), or JSON that is not a countable usage record. */
export type ClaudeLineSkip = 'malformed' | 'invalid' | 'no_usage';

const SEMVER_PREFIX = /^\d+\.\d+\.\d+/;
const NOT_RECORD = -3;
const LBRACE = 0x7b;

/** Nested record fields shared by a direct line and an agent-progress line's `data.message`. */
interface RecordFields {
  /** The timestamp's string contents [tsStart, tsEnd); tsKind 0: absent, 1: null or not a string, 2: a string. */
  tsKind: 0 | 1 | 2;
  tsStart: number;
  tsEnd: number;
  requestId: string | null | undefined;
  isSidechain: boolean;
  costUSD: number | null;
  message: MessageFields | null;
  invalid: boolean;
}

const emptyRecord = (): RecordFields => ({ tsKind: 0, tsStart: 0, tsEnd: 0, requestId: undefined, isSidechain: false, costUSD: null, message: null, invalid: false });

/** The members a direct line and a progress line's data.message share; NOT_RECORD if not one of them. */
function recordMember(b: Buffer, ks: number, ke: number, v: number, end: number, r: RecordFields): number {
  if (keyIs(b, ks, ke, 'timestamp')) {
    if (b[v] !== QUOTE) {
      r.tsKind = 1;
      return skipValue(b, v, end);
    }
    const q = stringEnd(b, v, end);
    if (q < 0) return -1;
    r.tsKind = 2;
    r.tsStart = v + 1;
    r.tsEnd = q;
    return q + 1;
  }
  if (keyIs(b, ks, ke, 'requestId')) {
    const next = readStringField(b, v, end, slots.request);
    r.requestId = field.value;
    return next;
  }
  if (keyIs(b, ks, ke, 'isSidechain')) {
    r.isSidechain = b[v] === 0x74; // true
    return skipValue(b, v, end);
  }
  if (keyIs(b, ks, ke, 'costUSD')) {
    const next = skipValue(b, v, end);
    const n = next < 0 || isNullAt(b, v) ? NaN : Number(b.toString('latin1', v, next));
    r.costUSD = Number.isFinite(n) && n >= 0 ? n : null;
    return next;
  }
  if (keyIs(b, ks, ke, 'message')) return readMessage(b, v, end, r);
  return NOT_RECORD;
}

/** An agent-progress line's `data`: its `message` is a record of its own. */
function readProgressData(b: Buffer, p: number, end: number, found: (r: RecordFields) => void): number {
  let k = firstMember(b, p, end);
  while (k >= 0) {
    const v = memberValue(b, k, end);
    if (v < 0) return -1;
    let next: number;
    if (keyIs(b, cursor.keyStart, cursor.keyEnd, 'message') && b[v] === LBRACE) {
      const r = emptyRecord();
      found(r);
      let k2 = firstMember(b, v, end);
      while (k2 >= 0) {
        const v2 = memberValue(b, k2, end);
        if (v2 < 0) return -1;
        const got = recordMember(b, cursor.keyStart, cursor.keyEnd, v2, end, r);
        k2 = nextMember(b, got === NOT_RECORD ? skipValue(b, v2, end) : got, end);
      }
      next = k2 === OBJECT_END ? cursor.objectEnd : -1;
    } else next = skipValue(b, v, end);
    k = nextMember(b, next, end);
  }
  return k === OBJECT_END ? cursor.objectEnd : -1;
}

/**
 * Reads one line of a Claude Code transcript. A usage record is a line with `message.usage`
 * (assistant lines), or an agent-progress line with `data.message.message.usage`; the rules for
 * what counts mirror ccusage 20 so totals agree: input and output token counts must be whole
 * numbers, a JSON null in a known field or an empty id drops the line, `version` must start like
 * semver, and the timestamp must carry a zone.
 */
export function readClaudeLine(b: Buffer, start: number, end: number): ClaudeUsageLine | ClaudeLineSkip {
  const direct = emptyRecord();
  let progress: RecordFields | null = null;
  let sessionId: string | null | undefined;
  let cwd: string | null | undefined;
  let version: string | null | undefined;
  let p = start;
  while (p < end && (b[p] === 0x20 || b[p] === 0x09 || b[p] === 0x0d)) p++;
  let k = firstMember(b, p, end);
  while (k >= 0) {
    const v = memberValue(b, k, end);
    if (v < 0) return 'malformed';
    const ks = cursor.keyStart;
    const ke = cursor.keyEnd;
    let next = recordMember(b, ks, ke, v, end, direct);
    if (next === NOT_RECORD) {
      if (keyIs(b, ks, ke, 'sessionId')) {
        next = readStringField(b, v, end, slots.session);
        sessionId = field.value;
      } else if (keyIs(b, ks, ke, 'cwd')) {
        next = readStringField(b, v, end, slots.cwd);
        cwd = field.value;
      } else if (keyIs(b, ks, ke, 'version')) {
        next = readStringField(b, v, end, slots.version);
        version = field.value;
      } else if (keyIs(b, ks, ke, 'data') && b[v] === LBRACE) {
        next = readProgressData(b, v, end, (r) => (progress = r));
      } else next = skipValue(b, v, end);
    }
    k = nextMember(b, next, end);
  }
  if (k !== OBJECT_END) return 'malformed';
  let rest = cursor.objectEnd;
  while (rest < end && (b[rest] === 0x20 || b[rest] === 0x09 || b[rest] === 0x0d)) rest++;
  if (rest !== end) return 'malformed';

  // A direct record wins; an agent-progress line counts only when it has no usage of its own.
  const r: RecordFields | null = direct.message?.usage && direct.tsKind !== 0 ? direct : (progress as RecordFields | null);
  if (!r || !r.message?.usage) return 'no_usage';
  const m = r.message;
  if (m.invalid || r.invalid || r.tsKind !== 2) return 'invalid';
  if (sessionId === null || cwd === null || r.requestId === null || m.id === null || m.model === null || version === null) return 'invalid';
  if (sessionId === '' || r.requestId === '' || m.id === '' || m.model === '') return 'invalid';
  if (r === direct && version !== undefined && !SEMVER_PREFIX.test(version)) return 'invalid';
  const timestamp = timestampAt(b, r.tsStart, r.tsEnd);
  if (timestamp === null) return 'invalid';
  const cacheCreationTokens = m.hasCacheBreakdown ? m.cache5m + m.cache1h : m.cacheCreationInput;
  return {
    timestamp,
    sessionId: sessionId ?? null,
    requestId: r.requestId ?? null,
    messageId: m.id ?? null,
    model: m.model ?? null,
    isSidechain: r.isSidechain,
    cwd: cwd ?? null,
    costUSD: r.costUSD,
    inputTokens: m.inputTokens,
    outputTokens: m.outputTokens,
    cacheCreationTokens,
    cacheWrite1hTokens: m.hasCacheBreakdown ? m.cache1h : 0,
    cacheReadTokens: m.cacheReadTokens,
    files: m.files,
  };
}
