import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';
import { claudeQuestion, timeOf } from './claude-items';
import { codexQuestion, type CodexSources } from './codex-items';
import { parseCutJsonRange } from './cut-json';
import { oneLine, TEXT_LIMITS, type LogText } from './item-text';
import { DEFAULT_LINE_OPTIONS, LineReader, type LogLine } from './line-reader';

/** One read buffer for all the files indexed (indexing a file is synchronous). */
const scratch = { buf: Buffer.allocUnsafe(DEFAULT_LINE_OPTIONS.chunkBytes) };

/** Byte ranges of a file that belong to one session: [start offset, end offset, first line number]. */
const RunSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.number().int().positive()]);
export type Run = z.infer<typeof RunSchema>;
const RUNS_MAX = 256;

/** What one file says about one session (a file usually holds one; a resumed one may hold copies of another's lines). */
export const SessionSliceSchema = z.object({
  id: z.string(),
  cwd: z.string().nullable(),
  firstAt: z.number().nullable(),
  lastAt: z.number().nullable(),
  lines: z.number().int().nonnegative(),
  /** Lines not marked as a subagent's (Claude's `isSidechain: true`): zero for a subagent's transcript. */
  mainLines: z.number().int().nonnegative(),
  /** The first question, one line, redacted, cut. */
  title: z.string().nullable(),
  userMessages: z.number().int().nonnegative(),
  /** Codex: the same from `event_msg` user messages, used when the log has no user response items. */
  eventTitle: z.string().nullable(),
  eventUserMessages: z.number().int().nonnegative(),
  runs: z.array(RunSchema),
});
export type SessionSlice = z.infer<typeof SessionSliceSchema>;

const CodexKindsSchema = z.object({
  responseUser: z.boolean(),
  responseAssistant: z.boolean(),
  responseReasoning: z.boolean(),
});

export const FileIndexSchema = z.object({
  agent: z.enum(['claude', 'codex']),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  ino: z.number(),
  dev: z.number(),
  /** Offset just past the last complete line read: a grown file is read on from here. */
  end: z.number().int().nonnegative(),
  /** Hash of the bytes before `end`, to notice a file rewritten in place rather than appended to. */
  tail: z.string(),
  /** Made anew whenever the file is read from its start (new, replaced or rewritten; not when it only grew): page cursors carry it. */
  epoch: z.string(),
  lines: z.number().int().nonnegative(),
  /** The session a line without its own session id belongs to (the last one seen), as an index into `sessions`. */
  current: z.number().int(),
  sessions: z.array(SessionSliceSchema),
  codex: CodexKindsSchema.nullable(),
});
export type FileIndex = z.infer<typeof FileIndexSchema>;

/** Which Codex source the page reader uses for a file (see CodexSources). */
export function codexSourcesOf(index: FileIndex): CodexSources {
  const k = index.codex;
  return { eventUser: !k?.responseUser, eventAgent: !k?.responseAssistant, eventReasoning: !k?.responseReasoning };
}

const HEAD = 4096;
const TIME_WINDOW = 1024;
const TAIL_HASH_BYTES = 256;
const needle = (s: string) => Buffer.from(s);
const N = {
  sessionId: needle('"sessionId":"'),
  cwd: needle('"cwd":"'),
  timestamp: needle('"timestamp":"'),
  sidechainTrue: needle('"isSidechain":true'),
  roleUser: needle('"role":"user"'),
  roleAssistant: needle('"role":"assistant"'),
  toolUseId: needle('"tool_use_id"'),
  sessionMeta: needle('"type":"session_meta"'),
  turnContext: needle('"type":"turn_context"'),
  responseItem: needle('"type":"response_item"'),
  reasoning: needle('"type":"reasoning"'),
  eventMsg: needle('"type":"event_msg"'),
  userMessage: needle('"type":"user_message"'),
  payload: needle('"payload"'),
};

/** A JSON string's value right after `key` (which ends with its opening quote), or undefined. */
function stringAfter(b: Buffer, key: Buffer, fromEnd = false): string | undefined {
  const at = fromEnd ? b.lastIndexOf(key) : b.indexOf(key);
  if (at < 0) return undefined;
  const s = at + key.length;
  let i = s;
  let escaped = false;
  while (i < b.length && b[i] !== 0x22) {
    if (b[i] === 0x5c) {
      escaped = true;
      i++;
    }
    i++;
  }
  if (i >= b.length || i - s > 8192) return undefined;
  if (!escaped) return b.toString('utf8', s, i);
  try {
    return JSON.parse(`"${b.toString('utf8', s, i)}"`) as string;
  } catch {
    return undefined;
  }
}

/** A line's time: Claude Code writes it near the end of a line, Codex at its start. */
function lineTime(parts: Buffer[], atEnd: boolean): number | null {
  for (const part of parts) {
    const tail = atEnd && part.length > TIME_WINDOW ? part.subarray(part.length - TIME_WINDOW) : part;
    const at = timeOf(stringAfter(tail, N.timestamp, atEnd)) ?? (tail !== part ? timeOf(stringAfter(part, N.timestamp, true)) : null);
    if (at !== null) return at;
  }
  return null;
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(Math.max(0, length));
  let got = 0;
  while (got < length) {
    const n = readSync(fd, b, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return b.subarray(0, got);
}

export function tailHash(fd: number, end: number): string {
  const from = Math.max(0, end - TAIL_HASH_BYTES);
  return createHash('sha256').update(readAt(fd, from, end - from)).digest('hex').slice(0, 16);
}

/** A line parsed with its long strings cut, from memory or (a long line) from the file; undefined if not JSON. */
export function parseLine(fd: number, l: LogLine): unknown {
  if (l.bytes) {
    // Held lines are at most maxLineBytes: the native parser is several times faster, and text is cut later.
    try {
      return JSON.parse(l.bytes.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }
  const r = parseCutJsonRange(fd, l.start, l.next);
  return r.ok ? r.value : undefined;
}

class FileScan {
  private readonly index: FileIndex;
  private readonly byId = new Map<string, number>();

  constructor(
    private readonly fd: number,
    index: FileIndex,
    private readonly fallbackId: string,
  ) {
    this.index = index;
    index.sessions.forEach((s, i) => this.byId.set(s.id, i));
  }

  private slice(id: string): SessionSlice {
    let i = this.byId.get(id);
    if (i === undefined) {
      i = this.index.sessions.length;
      this.index.sessions.push({ id, cwd: null, firstAt: null, lastAt: null, lines: 0, mainLines: 0, title: null, userMessages: 0, eventTitle: null, eventUserMessages: 0, runs: [] });
      this.byId.set(id, i);
    }
    this.index.current = i;
    return this.index.sessions[i]!;
  }

  private currentSlice(): SessionSlice {
    const i = this.index.current;
    return i >= 0 && i < this.index.sessions.length ? this.index.sessions[i]! : this.slice(this.fallbackId);
  }

  private head(l: LogLine): Buffer {
    return l.bytes ? l.bytes.subarray(0, HEAD) : readAt(this.fd, l.start, Math.min(HEAD, l.next - l.start));
  }

  /** The whole line when held, else its head and tail (a long line's fields are near its ends). */
  private ends(l: LogLine): Buffer[] {
    if (l.bytes) return [l.bytes];
    return [this.head(l), readAt(this.fd, Math.max(l.start, l.next - HEAD), Math.min(HEAD, l.next - l.start))];
  }

  private count(s: SessionSlice, l: LogLine, at: number | null): void {
    s.lines++;
    this.index.lines++;
    const last = s.runs[s.runs.length - 1];
    if (last && last[1] === l.start) last[1] = l.next;
    else if (last && s.runs.length >= RUNS_MAX) last[1] = l.next;
    else s.runs.push([l.start, l.next, l.line]);
    if (at !== null) {
      if (s.firstAt === null || at < s.firstAt) s.firstAt = at;
      if (s.lastAt === null || at > s.lastAt) s.lastAt = at;
    }
  }

  private question(s: SessionSlice, t: LogText | null, fromEvents: boolean): void {
    if (!t) return;
    if (fromEvents) {
      s.eventUserMessages++;
      s.eventTitle ??= oneLine(t.text, TEXT_LIMITS.title);
    } else {
      s.userMessages++;
      s.title ??= oneLine(t.text, TEXT_LIMITS.title);
    }
  }

  claudeLine(l: LogLine): void {
    const head = this.head(l);
    const id = stringAfter(head, N.sessionId);
    const s = id ? this.slice(id) : this.currentSlice();
    this.count(s, l, lineTime(this.ends(l), true));
    const side = head.includes(N.sidechainTrue);
    if (!side) s.mainLines++;
    if (s.cwd === null) s.cwd = stringAfter(head, N.cwd) ?? null;
    const hasUser = l.bytes ? l.bytes.includes(N.roleUser) && !l.bytes.includes(N.toolUseId) : head.includes(N.roleUser) && !head.includes(N.toolUseId);
    if (hasUser && !side) this.question(s, claudeQuestion(parseLine(this.fd, l)), false);
  }

  codexLine(l: LogLine): void {
    const head = this.head(l);
    const s = this.currentSlice();
    this.count(s, l, lineTime([head], false));
    s.mainLines++;
    const all = l.bytes ?? head;
    const kinds = (this.index.codex ??= { responseUser: false, responseAssistant: false, responseReasoning: false });
    const legacy = !head.includes(N.payload);
    if (head.includes(N.sessionMeta) || (legacy && l.line === 1)) {
      type Meta = { id?: unknown; cwd?: unknown };
      const v = parseLine(this.fd, l) as (Meta & { type?: unknown; payload?: Meta }) | undefined;
      const meta: Meta | undefined = v?.payload ?? (v && v.type === undefined ? v : undefined);
      if (meta && typeof meta.id === 'string' && meta.id !== '' && s.id === this.fallbackId) this.rename(s, meta.id);
      if (meta && typeof meta.cwd === 'string') s.cwd ??= meta.cwd;
      return;
    }
    if (head.includes(N.turnContext)) {
      const v = parseLine(this.fd, l) as { payload?: { cwd?: unknown } } | undefined;
      if (typeof v?.payload?.cwd === 'string') s.cwd ??= v.payload.cwd;
      return;
    }
    if (head.includes(N.responseItem) || legacy) {
      if (all.includes(N.roleUser)) {
        const v = parseLine(this.fd, l);
        const t = codexQuestion(v);
        if (t) kinds.responseUser = true;
        this.question(s, t, false);
        // Older logs name their folder only in the environment wrapper.
        if (s.cwd === null) {
          const env = JSON.stringify(v ?? '').match(/<cwd>([^<]{1,4096})<\/cwd>/);
          if (env) s.cwd = env[1]!;
        }
      } else if (all.includes(N.roleAssistant)) kinds.responseAssistant = true;
      else if (head.includes(N.reasoning)) kinds.responseReasoning = true;
      return;
    }
    if (head.includes(N.eventMsg) && head.includes(N.userMessage)) this.question(s, codexQuestion(parseLine(this.fd, l), { eventUser: true, eventAgent: true, eventReasoning: true }), true);
  }

  /** Codex's session id comes from its first line; lines counted before it move with it. */
  private rename(s: SessionSlice, id: string): void {
    const other = this.byId.get(id);
    if (other !== undefined) return;
    this.byId.delete(s.id);
    s.id = id;
    this.byId.set(id, this.index.sessions.indexOf(s));
  }
}

export const emptyIndex = (agent: 'claude' | 'codex'): FileIndex => ({
  agent,
  size: 0,
  mtimeMs: 0,
  ino: 0,
  dev: 0,
  end: 0,
  tail: '',
  epoch: '',
  lines: 0,
  current: -1,
  sessions: [],
  codex: null,
});

/**
 * Indexes a log file for the session list: per session its folder, first and last times, first
 * question, questions typed, lines and the byte ranges it owns. A file that only grew since
 * `prev` (same identity, same bytes before where it ended) is read on from there. Null when the
 * file cannot be opened.
 */
export function indexLogFile(path: string, agent: 'claude' | 'codex', fallbackId: string, prev: FileIndex | null): FileIndex | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    const grown =
      prev !== null &&
      prev.agent === agent &&
      prev.ino === st.ino &&
      prev.dev === st.dev &&
      st.size > prev.size &&
      prev.end > 0 &&
      tailHash(fd, prev.end) === prev.tail;
    const index: FileIndex = grown ? structuredClone(prev) : { ...emptyIndex(agent), epoch: randomBytes(6).toString('hex') };
    const scan = new FileScan(fd, index, fallbackId);
    const reader = new LineReader(fd, index.end, index.lines + 1, DEFAULT_LINE_OPTIONS, scratch);
    for (;;) {
      const l = reader.next();
      if (l === null || l === 'partial') break;
      if (agent === 'claude') scan.claudeLine(l);
      else scan.codexLine(l);
      index.end = l.next;
    }
    index.size = st.size;
    index.mtimeMs = st.mtimeMs;
    index.ino = st.ino;
    index.dev = st.dev;
    index.tail = tailHash(fd, index.end);
    return index;
  } finally {
    closeSync(fd);
  }
}
