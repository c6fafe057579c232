import { bytesEqual, cursor, decodeString, firstElement, firstMember, isNullAt, keyIs, memberValue, nextElement, nextMember, OBJECT_END, QUOTE, readCount, skipValue, stringEnd } from './json-bytes';

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
const NOT_RECORD = -3;
const LBRACE = 0x7b;
const LBRACK = 0x5b;
const BACKSLASH = 0x5c;
const TOOL_USE = Buffer.from('tool_use');

/** RFC 3339 with a zone and no fraction or exactly milliseconds, as Claude Code writes it (and all ccusage 20.0.24 accepts). */
export function parseTimestamp(text: string): number | null {
  if (!TIMESTAMP.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

function digitsAt(b: Buffer, p: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = b[p + i]! - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const daysIn = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

/**
 * parseTimestamp of the JSON string contents [s, e) without making a string: the usual shape with
 * every field in range is computed from its digits; anything else (escapes, day 31 of April, hour
 * 24, …) goes through parseTimestamp itself, so the result is always Date.parse's.
 */
function timestampAt(b: Buffer, s: number, e: number): number | null {
  const len = e - s;
  const fraction = len === 24 || len === 29;
  const zone = s + (fraction ? 23 : 19);
  fast: if ((len === 20 || len === 25 || fraction) && b[s + 4] === 0x2d && b[s + 7] === 0x2d && b[s + 10] === 0x54 && b[s + 13] === 0x3a && b[s + 16] === 0x3a) {
    const y = digitsAt(b, s, 4);
    const mo = digitsAt(b, s + 5, 2);
    const d = digitsAt(b, s + 8, 2);
    const h = digitsAt(b, s + 11, 2);
    const mi = digitsAt(b, s + 14, 2);
    const sec = digitsAt(b, s + 17, 2);
    const ms = fraction ? (b[s + 19] === 0x2e ? digitsAt(b, s + 20, 3) : -1) : 0;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0) break fast;
    let offset = 0;
    if (e - zone === 1) {
      if (b[zone] !== 0x5a) break fast;
    } else {
      const sign = b[zone] === 0x2b ? 1 : b[zone] === 0x2d ? -1 : 0;
      const oh = digitsAt(b, zone + 1, 2);
      const om = digitsAt(b, zone + 4, 2);
      if (sign === 0 || b[zone + 3] !== 0x3a || oh < 0 || oh > 23 || om < 0 || om > 59) break fast;
      offset = sign * (oh * 60 + om) * 60_000;
    }
    return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset;
  }
  const text = decodeString(b, s, e);
  return text === undefined ? null : parseTimestamp(text);
}

/** The last string read at one field, by its raw bytes: consecutive lines repeat session, folder, model and ids. */
class StringSlot {
  private readonly raw = new Uint8Array(256);
  private len = -1;
  private str = '';
  read(b: Buffer, s: number, e: number): string | undefined {
    if (bytesEqual(b, s, e, this.raw, this.len)) return this.str;
    const str = decodeString(b, s, e);
    if (str !== undefined && e - s <= this.raw.length) {
      b.copy(this.raw, 0, s, e);
      this.len = e - s;
      this.str = str;
    }
    return str;
  }
}
const slots = { session: new StringSlot(), cwd: new StringSlot(), version: new StringSlot(), model: new StringSlot(), request: new StringSlot(), message: new StringSlot() };

/** Set by readStringField: the string read, or null for JSON null or a non-string (both make ccusage drop the line). */
let fieldValue: string | null = null;

/** A string field at `v`: its value into fieldValue; returns the index past it, or -1. */
function readStringField(b: Buffer, v: number, end: number, slot: StringSlot): number {
  if (b[v] !== QUOTE) {
    fieldValue = null;
    return skipValue(b, v, end);
  }
  const q = stringEnd(b, v, end);
  if (q < 0) return -1;
  const s = slot.read(b, v + 1, q);
  if (s === undefined) return -1;
  fieldValue = s;
  return q + 1;
}

/** A token count at `v`, INVALID for null or anything but plain digits; cursor.countEnd is past it. */
function countAt(b: Buffer, v: number, end: number): number {
  if (isNullAt(b, v)) {
    cursor.countEnd = v + 4;
    return INVALID;
  }
  const n = readCount(b, v, end);
  return n < 0 ? INVALID : n;
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

// The walks below are hot (every usage line) and read our own agents' logs field by field: byte
// checks rather than zod, with ccusage 20's rules for what counts (checked by the parity test).

function readCacheBreakdown(b: Buffer, p: number, end: number, m: MessageFields): number {
  let k = firstMember(b, p, end);
  while (k >= 0) {
    const v = memberValue(b, k, end);
    if (v < 0) return -1;
    const ks = cursor.keyStart;
    const ke = cursor.keyEnd;
    let next: number;
    if (keyIs(b, ks, ke, 'ephemeral_5m_input_tokens')) {
      const n = countAt(b, v, end);
      next = cursor.countEnd;
      if (n < 0) m.invalid = true;
      else m.cache5m = n;
    } else if (keyIs(b, ks, ke, 'ephemeral_1h_input_tokens')) {
      const n = countAt(b, v, end);
      next = cursor.countEnd;
      if (n < 0) m.invalid = true;
      else m.cache1h = n;
    } else next = skipValue(b, v, end);
    k = nextMember(b, next, end);
  }
  return k === OBJECT_END ? cursor.objectEnd : -1;
}

function readUsage(b: Buffer, p: number, end: number, m: MessageFields): number {
  let input = -1;
  let output = -1;
  let k = firstMember(b, p, end);
  while (k >= 0) {
    const v = memberValue(b, k, end);
    if (v < 0) return -1;
    const ks = cursor.keyStart;
    const ke = cursor.keyEnd;
    let next: number;
    if (keyIs(b, ks, ke, 'input_tokens')) {
      input = countAt(b, v, end);
      next = cursor.countEnd;
    } else if (keyIs(b, ks, ke, 'output_tokens')) {
      output = countAt(b, v, end);
      next = cursor.countEnd;
    } else if (keyIs(b, ks, ke, 'cache_creation_input_tokens')) {
      const n = countAt(b, v, end);
      next = cursor.countEnd;
      if (n === INVALID) m.invalid = true;
      else m.cacheCreationInput = n;
    } else if (keyIs(b, ks, ke, 'cache_read_input_tokens')) {
      const n = countAt(b, v, end);
      next = cursor.countEnd;
      if (n === INVALID) m.invalid = true;
      else m.cacheReadTokens = n;
    } else if (keyIs(b, ks, ke, 'cache_creation') && b[v] === LBRACE) {
      m.hasCacheBreakdown = true;
      next = readCacheBreakdown(b, v, end, m);
    } else next = skipValue(b, v, end);
    k = nextMember(b, next, end);
  }
  if (k !== OBJECT_END) return -1;
  if (input < 0 || output < 0) m.invalid = true;
  m.inputTokens = input;
  m.outputTokens = output;
  return cursor.objectEnd;
}

function hasBackslash(b: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (b[i] === BACKSLASH) return true;
  return false;
}

/**
 * One content block: an edit tool's file joins `files`. Strings are located while walking and only
 * the ones that matter decoded after it (a block's type is compared as bytes).
 */
function readToolUse(b: Buffer, p: number, end: number, files: string[]): number {
  if (b[p] !== LBRACE) return skipValue(b, p, end);
  let typeS = -1;
  let typeE = -1;
  let nameS = -1;
  let nameE = -1;
  let pathS = -1;
  let pathE = -1;
  let k = firstMember(b, p, end);
  while (k >= 0) {
    const v = memberValue(b, k, end);
    if (v < 0) return -1;
    const ks = cursor.keyStart;
    const ke = cursor.keyEnd;
    let next: number;
    const isType = keyIs(b, ks, ke, 'type');
    if (isType || keyIs(b, ks, ke, 'name')) {
      // A string's contents, or none for null and non-strings.
      let s = -1;
      let q = -1;
      if (b[v] === QUOTE) {
        q = stringEnd(b, v, end);
        if (q < 0) return -1;
        s = v + 1;
        next = q + 1;
      } else next = skipValue(b, v, end);
      if (isType) {
        typeS = s;
        typeE = q;
      } else {
        nameS = s;
        nameE = q;
      }
    } else if (keyIs(b, ks, ke, 'input') && b[v] === LBRACE) {
      let k2 = firstMember(b, v, end);
      while (k2 >= 0) {
        const v2 = memberValue(b, k2, end);
        if (v2 < 0) return -1;
        let next2: number;
        if (keyIs(b, cursor.keyStart, cursor.keyEnd, 'file_path') || keyIs(b, cursor.keyStart, cursor.keyEnd, 'notebook_path')) {
          if (b[v2] === QUOTE) {
            const q = stringEnd(b, v2, end);
            if (q < 0) return -1;
            pathS = v2 + 1;
            pathE = q;
            next2 = q + 1;
          } else {
            pathS = -1;
            next2 = skipValue(b, v2, end);
          }
        } else next2 = skipValue(b, v2, end);
        k2 = nextMember(b, next2, end);
      }
      next = k2 === OBJECT_END ? cursor.objectEnd : -1;
    } else next = skipValue(b, v, end);
    k = nextMember(b, next, end);
  }
  if (k !== OBJECT_END) return -1;
  const blockEnd = cursor.objectEnd;
  if (typeS < 0 || nameS < 0 || pathS < 0) return blockEnd;
  const isToolUse = bytesEqual(b, typeS, typeE, TOOL_USE, TOOL_USE.length) || (hasBackslash(b, typeS, typeE) && decodeString(b, typeS, typeE) === 'tool_use');
  if (!isToolUse) return blockEnd;
  const name = decodeString(b, nameS, nameE);
  if (name === undefined) return -1;
  if (!EDIT_TOOLS.has(name)) return blockEnd;
  const path = decodeString(b, pathS, pathE);
  if (path === undefined) return -1;
  if (path) files.push(path);
  return blockEnd;
}

function readMessage(b: Buffer, p: number, end: number, r: RecordFields): number {
  if (b[p] !== LBRACE) {
    r.message = null;
    return skipValue(b, p, end);
  }
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
  r.message = m;
  let k = firstMember(b, p, end);
  while (k >= 0) {
    const v = memberValue(b, k, end);
    if (v < 0) return -1;
    const ks = cursor.keyStart;
    const ke = cursor.keyEnd;
    let next: number;
    if (keyIs(b, ks, ke, 'id')) {
      next = readStringField(b, v, end, slots.message);
      m.id = fieldValue;
    } else if (keyIs(b, ks, ke, 'model')) {
      next = readStringField(b, v, end, slots.model);
      m.model = fieldValue;
    } else if (keyIs(b, ks, ke, 'usage') && b[v] === LBRACE) {
      m.usage = true;
      next = readUsage(b, v, end, m);
    } else if (keyIs(b, ks, ke, 'content') && b[v] === LBRACK) {
      let e = firstElement(b, v, end);
      while (e >= 0) e = nextElement(b, readToolUse(b, e, end, m.files), end);
      next = e === OBJECT_END ? cursor.objectEnd : -1;
    } else next = skipValue(b, v, end);
    k = nextMember(b, next, end);
  }
  return k === OBJECT_END ? cursor.objectEnd : -1;
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
    r.requestId = fieldValue;
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
        sessionId = fieldValue;
      } else if (keyIs(b, ks, ke, 'cwd')) {
        next = readStringField(b, v, end, slots.cwd);
        cwd = fieldValue;
      } else if (keyIs(b, ks, ke, 'version')) {
        next = readStringField(b, v, end, slots.version);
        version = fieldValue;
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
