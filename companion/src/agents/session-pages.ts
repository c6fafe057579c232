import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import type { AgentSessionRef, ConversationItem } from '../../../shared/protocol/agent-methods';
import type { MethodResult } from '../../../shared/protocol/methods';
import { fail, ok, type Result } from '../../../shared/result';
import { claudeLineItems, claudeQuestion, newClaudeReadState, type ClaudeReadState, type LineItems } from './claude-items';
import { codexLineItems, codexQuestion, RESPONSE_SOURCES, type CodexReadState } from './codex-items';
import { parseLine } from './file-index';
import { oneLine, TEXT_LIMITS } from './item-text';
import { LineReader, type LogLine } from './line-reader';
import { checkCursor, decodeCursor, encodeCursor, type PagePosition } from './page-cursor';
import type { CatalogSession, SessionFile } from './session-catalog';

/** Bytes of items per page, well under the socket's 1 MiB frames. */
const PAGE_BYTES = 640 << 10;
const QUESTIONS_MAX = 5000;

type Page = MethodResult<'agents.session.page'>;
type Outline = MethodResult<'agents.session.outline'>;

/** Reads one file of a session: its lines in the session's byte ranges, from a position, as items. */
class FileItems {
  private readonly claude: ClaudeReadState = newClaudeReadState();
  readonly codex: CodexReadState;
  private readonly cwdPrefix: string | null;

  constructor(
    readonly fd: number,
    readonly file: SessionFile,
    readonly agent: 'claude' | 'codex',
    ctx: { model: string | null; cwdKey: string | null },
    private readonly header: string | null,
    cwd: string | null = null,
  ) {
    this.cwdPrefix = cwd && cwd !== '/' ? `${cwd.replace(/\/+$/, '')}/` : null;
    this.codex = { model: ctx.model, cwdKey: ctx.cwdKey, sources: file.codexSources ?? RESPONSE_SOURCES };
  }

  /** Complete lines from `offset` (a line start inside the runs) to the end of the session's last run in this file. */
  *lines(offset: number, line: number): Generator<LogLine | 'partial'> {
    for (const [start, end, firstLine] of this.file.runs) {
      if (end <= offset) continue;
      const from = Math.max(start, offset);
      const reader = new LineReader(this.fd, from, from === offset ? line : firstLine);
      for (;;) {
        const l = reader.next();
        if (l === null) break;
        if (l === 'partial') {
          yield 'partial';
          break;
        }
        if (l.start >= end) break;
        yield l;
      }
    }
  }

  items(l: LogLine): LineItems & { malformed: boolean } {
    const v = parseLine(this.fd, l);
    if (v === undefined) return { items: [], group: null, unknown: false, malformed: true };
    const r = this.agent === 'claude' ? claudeLineItems(v, l.line, this.claude) : codexLineItems(v, l.line, this.codex);
    // Paths inside the session's folder read better relative to it.
    if (this.cwdPrefix) for (const item of r.items) if (item.kind === 'tool_use' && item.summary.includes(this.cwdPrefix)) item.summary = item.summary.split(this.cwdPrefix).join('');
    // A subagent's transcript is announced where it starts.
    if (this.header && l.start === this.file.runs[0]![0]) r.items.unshift({ kind: 'system', at: r.items[0]?.at ?? null, line: l.line, text: this.header, omittedChars: 0 });
    return { ...r, malformed: false };
  }
}

function openChecked(file: SessionFile): number | null {
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch {
    return null;
  }
  const st = fstatSync(fd);
  if (String(st.ino) !== String(file.ino) || st.dev !== file.dev) {
    closeSync(fd);
    return null;
  }
  return fd;
}

const headerOf = (file: SessionFile, index: number): string | null => (index > 0 && file.sidechain ? `Subagent transcript (${basename(file.path, '.jsonl')})` : null);

/** Where a page starts: the cursor's position (checked against its file), or the session's first line. */
function startOf(session: CatalogSession, ref: AgentSessionRef, cursor: string | undefined): Result<{ fileIndex: number; pos: PagePosition }> {
  const first = session.files[0];
  if (cursor === undefined) {
    if (!first || first.runs.length === 0) return ok({ fileIndex: 0, pos: { ino: String(first?.ino ?? 0), offset: 0, line: 1, skip: 0, model: null, cwdKey: null } });
    return ok({ fileIndex: 0, pos: { ino: String(first.ino), offset: first.runs[0]![0], line: first.runs[0]![2], skip: 0, model: null, cwdKey: null } });
  }
  const decoded = decodeCursor(cursor);
  if (!decoded.ok) return decoded;
  const fileIndex = session.files.findIndex((f) => String(f.ino) === decoded.value.ino);
  const stale = fail('stale_cursor', "The session's log changed since this page was read; open the session again.");
  if (fileIndex < 0) return stale;
  const file = session.files[fileIndex]!;
  const fd = openChecked(file);
  if (fd === null) return stale;
  try {
    const checked = checkCursor(fd, fstatSync(fd).size, ref, file.epoch, decoded.value);
    if (!checked.ok) return checked;
    const inRuns = file.runs.some(([s, e]) => checked.value.offset >= s && checked.value.offset < e);
    if (!inRuns) return stale;
    return ok({ fileIndex, pos: checked.value });
  } finally {
    closeSync(fd);
  }
}

/**
 * One page of a session's conversation from a cursor: up to `limit` items in log order (and at most
 * PAGE_BYTES of them), reading only from the cursor on, a line at a time. A page never ends between
 * the lines of one response: the next cursor then points at the response's first line and says how
 * many of its items were sent, so its blocks are neither repeated nor lost.
 */
export function readSessionPage(session: CatalogSession, ref: AgentSessionRef, cursor: string | undefined, limit: number): Result<Page> {
  const start = startOf(session, ref, cursor);
  if (!start.ok) return start;
  const items: ConversationItem[] = [];
  let bytes = 0;
  let skipped = 0;
  let toSkip = start.value.pos.skip;
  for (let fi = start.value.fileIndex; fi < session.files.length; fi++) {
    const file = session.files[fi]!;
    const fd = openChecked(file);
    if (fd === null) continue; // gone or replaced since the index was made: the next refresh sees it
    try {
      const pos: PagePosition =
        fi === start.value.fileIndex ? start.value.pos : { ino: String(file.ino), offset: file.runs[0]?.[0] ?? 0, line: file.runs[0]?.[2] ?? 1, skip: 0, model: null, cwdKey: null };
      const reader = new FileItems(fd, file, session.agent, pos, headerOf(file, fi), session.cwd);
      let anchor = { offset: pos.offset, line: pos.line, model: pos.model, cwdKey: pos.cwdKey, group: null as string | null, produced: 0 };
      for (const l of reader.lines(pos.offset, pos.line)) {
        if (l === 'partial') {
          skipped++;
          continue;
        }
        const ctx = { model: reader.codex.model, cwdKey: reader.codex.cwdKey };
        const r = reader.items(l);
        // Lines of one response share an anchor: a page cut inside it resumes from its first line.
        if (r.group === null || r.group !== anchor.group) anchor = { offset: l.start, line: l.line, ...ctx, group: r.group, produced: 0 };
        for (const item of r.items) {
          if (toSkip > 0) {
            toSkip--;
            anchor.produced++;
            continue;
          }
          const size = Buffer.byteLength(JSON.stringify(item));
          if (items.length >= limit || (items.length > 0 && bytes + size > PAGE_BYTES)) {
            const next = encodeCursor(fd, ref, file.epoch, { ino: String(file.ino), offset: anchor.offset, line: anchor.line, skip: anchor.produced, model: anchor.model, cwdKey: anchor.cwdKey });
            return ok({ items, nextCursor: next, skipped });
          }
          items.push(item);
          bytes += size;
          anchor.produced++;
        }
        // Counted once, on the page where the line was read to its end.
        if (r.malformed || r.unknown) skipped++;
      }
    } finally {
      closeSync(fd);
    }
    toSkip = 0;
  }
  return ok({ items, nextCursor: null, skipped });
}

/**
 * The user's questions in order (the session's own transcript only; a subagent's prompts are not
 * the user's), each with the cursor of a page that starts at it.
 */
export function readSessionOutline(session: CatalogSession, ref: AgentSessionRef): Result<Outline> {
  const questions: Outline['questions'] = [];
  for (const file of session.files) {
    if (file.sidechain || questions.length >= QUESTIONS_MAX) continue;
    const fd = openChecked(file);
    if (fd === null) continue;
    try {
      const reader = new FileItems(fd, file, session.agent, { model: null, cwdKey: null }, null);
      for (const l of reader.lines(file.runs[0]?.[0] ?? 0, file.runs[0]?.[2] ?? 1)) {
        if (l === 'partial' || questions.length >= QUESTIONS_MAX) break;
        const ctx = { model: reader.codex.model, cwdKey: reader.codex.cwdKey };
        const found = questionOn(reader, l);
        if (!found) continue;
        questions.push({
          at: found.at,
          line: l.line,
          text: oneLine(found.text, TEXT_LIMITS.question),
          cursor: encodeCursor(fd, ref, file.epoch, { ino: String(file.ino), offset: l.start, line: l.line, skip: 0, ...ctx }),
        });
      }
    } finally {
      closeSync(fd);
    }
  }
  return ok({ questions, lines: session.lines });
}

const TOOL_RESULT = Buffer.from('"tool_use_id"');
const USER_HINTS = [Buffer.from('"role":"user"'), Buffer.from('"user_message"'), Buffer.from('"turn_context"')];

/** A question on this line, if any; Codex's turn context lines are read too, to carry the model into each cursor. */
function questionOn(reader: FileItems, l: LogLine): { text: string; at: number | null } | null {
  if (l.bytes && !USER_HINTS.some((h) => l.bytes!.includes(h))) return null;
  if (reader.agent === 'claude' && l.bytes?.includes(TOOL_RESULT)) return null;
  const v = parseLine(reader.fd, l);
  if (v === undefined) return null;
  if (reader.agent === 'claude') {
    const t = claudeQuestion(v);
    return t ? { text: t.text, at: timeOfLine(v) } : null;
  }
  const r = codexLineItems(v, l.line, reader.codex);
  const t = codexQuestion(v, reader.codex.sources);
  return t && r.items.some((i) => i.kind === 'user') ? { text: t.text, at: timeOfLine(v) } : null;
}

function timeOfLine(v: unknown): number | null {
  const ts = (v as { timestamp?: unknown } | null)?.timestamp;
  if (typeof ts !== 'string') return null;
  const t = Date.parse(ts);
  return Number.isFinite(t) ? t : null;
}
