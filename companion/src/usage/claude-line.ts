import { forEachElement, forEachMember, isNullAt, keyIs, readCount, readString, skipValue } from './json-bytes';

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

const EDIT_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?(?:Z|[+-]\d{2}:\d{2})$/;
const SEMVER_PREFIX = /^\d+\.\d+\.\d+/;
const INVALID = -2;

/** RFC 3339 with a zone and no fraction or exactly milliseconds, as Claude Code writes it (and all ccusage 20.0.24 accepts). */
export function parseTimestamp(text: string): number | null {
  if (!TIMESTAMP.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

interface MessageFields {
  id: string | null | undefined;
  model: string | null | undefined;
  usage: boolean;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInput: number;
  cache5m: number;
  cache1h: number;
  hasCacheBreakdown: boolean;
  cacheReadTokens: number;
  invalid: boolean;
  files: string[];
}

/** Nested record fields shared by a direct line and an agent-progress line's `data.message`. */
interface RecordFields {
  timestamp: string | null | undefined;
  requestId: string | null | undefined;
  isSidechain: boolean;
  costUSD: number | null;
  message: MessageFields | null;
  invalid: boolean;
}

// A string field: its value, null for JSON null or a non-string (both make ccusage drop the line).
function stringField(b: Buffer, v: number, end: number, set: (s: string | null) => void): number {
  const s = readString(b, v, end);
  if (s) {
    set(s.value);
    return s.next;
  }
  set(null);
  return skipValue(b, v, end);
}

function countField(b: Buffer, v: number, end: number, set: (n: number) => void): number {
  if (isNullAt(b, v)) {
    set(INVALID);
    return v + 4;
  }
  const r = readCount(b, v, end);
  set(r.value < 0 ? INVALID : r.value);
  return r.next;
}

function readUsage(b: Buffer, p: number, end: number, m: MessageFields): number {
  let input = -1;
  let output = -1;
  const next = forEachMember(b, p, end, (ks, ke, v) => {
    if (keyIs(b, ks, ke, 'input_tokens')) return countField(b, v, end, (n) => (input = n));
    if (keyIs(b, ks, ke, 'output_tokens')) return countField(b, v, end, (n) => (output = n));
    if (keyIs(b, ks, ke, 'cache_creation_input_tokens'))
      return countField(b, v, end, (n) => (n === INVALID ? (m.invalid = true) : (m.cacheCreationInput = n)));
    if (keyIs(b, ks, ke, 'cache_read_input_tokens'))
      return countField(b, v, end, (n) => (n === INVALID ? (m.invalid = true) : (m.cacheReadTokens = n)));
    if (keyIs(b, ks, ke, 'cache_creation') && b[v] === 0x7b) {
      m.hasCacheBreakdown = true;
      return forEachMember(b, v, end, (k2s, k2e, v2) => {
        if (keyIs(b, k2s, k2e, 'ephemeral_5m_input_tokens')) return countField(b, v2, end, (n) => (n < 0 ? (m.invalid = true) : (m.cache5m = n)));
        if (keyIs(b, k2s, k2e, 'ephemeral_1h_input_tokens')) return countField(b, v2, end, (n) => (n < 0 ? (m.invalid = true) : (m.cache1h = n)));
        return skipValue(b, v2, end);
      });
    }
    return skipValue(b, v, end);
  });
  if (input < 0 || output < 0) m.invalid = true;
  m.inputTokens = input;
  m.outputTokens = output;
  return next;
}

function readToolUse(b: Buffer, p: number, end: number, files: string[]): number {
  if (b[p] !== 0x7b) return skipValue(b, p, end);
  let type: string | undefined;
  let name: string | undefined;
  let path: string | undefined;
  const next = forEachMember(b, p, end, (ks, ke, v) => {
    if (keyIs(b, ks, ke, 'type')) return stringField(b, v, end, (s) => (type = s ?? undefined));
    if (keyIs(b, ks, ke, 'name')) return stringField(b, v, end, (s) => (name = s ?? undefined));
    if (keyIs(b, ks, ke, 'input') && b[v] === 0x7b) {
      return forEachMember(b, v, end, (k2s, k2e, v2) => {
        if (keyIs(b, k2s, k2e, 'file_path') || keyIs(b, k2s, k2e, 'notebook_path')) return stringField(b, v2, end, (s) => (path = s ?? undefined));
        return skipValue(b, v2, end);
      });
    }
    return skipValue(b, v, end);
  });
  if (type === 'tool_use' && name !== undefined && EDIT_TOOLS.has(name) && path) files.push(path);
  return next;
}

function readMessage(b: Buffer, p: number, end: number): { fields: MessageFields | null; next: number } {
  if (b[p] !== 0x7b) return { fields: null, next: skipValue(b, p, end) };
  const m: MessageFields = {
    id: undefined,
    model: undefined,
    usage: false,
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInput: 0,
    cache5m: 0,
    cache1h: 0,
    hasCacheBreakdown: false,
    cacheReadTokens: 0,
    invalid: false,
    files: [],
  };
  const next = forEachMember(b, p, end, (ks, ke, v) => {
    if (keyIs(b, ks, ke, 'id')) return stringField(b, v, end, (s) => (m.id = s));
    if (keyIs(b, ks, ke, 'model')) return stringField(b, v, end, (s) => (m.model = s));
    if (keyIs(b, ks, ke, 'usage') && b[v] === 0x7b) {
      m.usage = true;
      return readUsage(b, v, end, m);
    }
    if (keyIs(b, ks, ke, 'content') && b[v] === 0x5b) return forEachElement(b, v, end, (e) => readToolUse(b, e, end, m.files));
    return skipValue(b, v, end);
  });
  return { fields: m, next };
}

function emptyRecord(): RecordFields {
  return { timestamp: undefined, requestId: undefined, isSidechain: false, costUSD: null, message: null, invalid: false };
}

/** The members a direct line and a progress line's data.message share; returns -1 if not one of them. */
function recordMember(b: Buffer, ks: number, ke: number, v: number, end: number, r: RecordFields): number {
  if (keyIs(b, ks, ke, 'timestamp')) return stringField(b, v, end, (s) => (r.timestamp = s));
  if (keyIs(b, ks, ke, 'requestId')) return stringField(b, v, end, (s) => (r.requestId = s));
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
  if (keyIs(b, ks, ke, 'message')) {
    const m = readMessage(b, v, end);
    r.message = m.fields;
    return m.next;
  }
  return -3;
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
  const next = forEachMember(b, p, end, (ks, ke, v) => {
    const shared = recordMember(b, ks, ke, v, end, direct);
    if (shared !== -3) return shared;
    if (keyIs(b, ks, ke, 'sessionId')) return stringField(b, v, end, (s) => (sessionId = s));
    if (keyIs(b, ks, ke, 'cwd')) return stringField(b, v, end, (s) => (cwd = s));
    if (keyIs(b, ks, ke, 'version')) return stringField(b, v, end, (s) => (version = s));
    if (keyIs(b, ks, ke, 'data') && b[v] === 0x7b) {
      return forEachMember(b, v, end, (k2s, k2e, v2) => {
        if (keyIs(b, k2s, k2e, 'message') && b[v2] === 0x7b) {
          const r = emptyRecord();
          progress = r;
          return forEachMember(b, v2, end, (k3s, k3e, v3) => {
            const got = recordMember(b, k3s, k3e, v3, end, r);
            return got === -3 ? skipValue(b, v3, end) : got;
          });
        }
        return skipValue(b, v2, end);
      });
    }
    return skipValue(b, v, end);
  });
  if (next < 0) return 'malformed';
  let rest = next;
  while (rest < end && (b[rest] === 0x20 || b[rest] === 0x09 || b[rest] === 0x0d)) rest++;
  if (rest !== end) return 'malformed';

  // A direct record wins; an agent-progress line counts only when it has no usage of its own.
  const r: RecordFields | null = direct.message?.usage && direct.timestamp !== undefined ? direct : (progress as RecordFields | null);
  if (!r || !r.message?.usage) return 'no_usage';
  const m = r.message;
  if (m.invalid || r.invalid || typeof r.timestamp !== 'string') return 'invalid';
  if (sessionId === null || cwd === null || r.requestId === null || m.id === null || m.model === null || version === null) return 'invalid';
  if (sessionId === '' || r.requestId === '' || m.id === '' || m.model === '') return 'invalid';
  if (r === direct && version !== undefined && !SEMVER_PREFIX.test(version)) return 'invalid';
  const timestamp = parseTimestamp(r.timestamp);
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
