import { bytesEqual, cursor, decodeString, firstElement, firstMember, isNullAt, keyIs, memberValue, nextElement, nextMember, OBJECT_END, QUOTE, readCount, skipValue, stringEnd } from './json-bytes';
import { field, readStringField, slots } from './string-slot';

const EDIT_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
const INVALID = -2;
const LBRACE = 0x7b;
const LBRACK = 0x5b;
const BACKSLASH = 0x5c;
const TOOL_USE = Buffer.from('tool_use');

/** A token count at `v`, INVALID for null or anything but plain digits; cursor.countEnd is past it. */
function countAt(b: Buffer, v: number, end: number): number {
  if (isNullAt(b, v)) {
    cursor.countEnd = v + 4;
    return INVALID;
  }
  const n = readCount(b, v, end);
  return n < 0 ? INVALID : n;
}

export interface MessageFields {
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

/** The `message` object at `p` into `r.message` (null if not an object); returns the index past it, or -1. */
export function readMessage(b: Buffer, p: number, end: number, r: { message: MessageFields | null }): number {
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
      m.id = field.value;
    } else if (keyIs(b, ks, ke, 'model')) {
      next = readStringField(b, v, end, slots.model);
      m.model = field.value;
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
