import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import type { AgentSessionRef } from '../../../shared/protocol/agent-methods';
import { fail, ok, type Result } from '../../../shared/result';

/**
 * A position in a session's log: a line of one of its files, how many of the items that start
 * there were already sent (a response written as several lines is re-read from its first line),
 * and the Codex model and folder in force there. Sent as an opaque token with a fingerprint of the
 * file's first bytes and the bytes before the line, so a token for another session, a file that
 * was rewritten, or a made-up position is refused rather than read.
 */
export interface PagePosition {
  /** The file's inode number as text (large ones do not survive as numbers). */
  ino: string;
  offset: number;
  line: number;
  skip: number;
  model: string | null;
  cwdKey: string | null;
}

export type CursorError = 'bad_cursor' | 'stale_cursor';

const VERSION = '1';
const FINGERPRINT_BYTES = 512;
const MODEL = /^[A-Za-z0-9._:/@+-]{1,60}$/;
const FIELDS = /^1\|(\d{1,24})\|(\d{1,15})\|(\d{1,12})\|(\d{1,6})\|([A-Za-z0-9._:/@+-]{0,60})\|([0-9a-f]{8})?\|([0-9a-f]{16})$/;

function readAt(fd: number, offset: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, b, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return b.subarray(0, got);
}

/** The fingerprint binds a position to its session and to the bytes of the file around it. */
function fingerprint(fd: number, ref: AgentSessionRef, epoch: string, p: PagePosition): string {
  const h = createHash('sha256');
  h.update(`${ref.agent}\0${ref.sessionId}\0${epoch}\0${p.ino}\0${p.offset}\0${p.line}\0${p.skip}\0${p.model ?? ''}\0${p.cwdKey ?? ''}\0`);
  h.update(readAt(fd, 0, Math.min(FINGERPRINT_BYTES, p.offset)));
  const from = Math.max(0, p.offset - FINGERPRINT_BYTES);
  h.update(readAt(fd, from, p.offset - from));
  return h.digest('hex').slice(0, 16);
}

/** The token for a position in an open file. */
export function encodeCursor(fd: number, ref: AgentSessionRef, epoch: string, p: PagePosition): string {
  const model = p.model && MODEL.test(p.model) ? p.model : '';
  const pos = { ...p, model: model || null };
  const raw = [VERSION, p.ino, p.offset, p.line, p.skip, model, p.cwdKey ?? '', fingerprint(fd, ref, epoch, pos)].join('|');
  return Buffer.from(raw, 'utf8').toString('base64url');
}

/** A token's fields, unchecked against any file: refused when it is not one of ours. */
export function decodeCursor(token: string): Result<PagePosition & { fp: string }, CursorError> {
  const bad = fail('bad_cursor' as const, 'This page position is not one the companion made; open the session again.');
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) return bad;
  const m = FIELDS.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) return bad;
  const ino = m[1]!;
  const [offset, line, skip] = [m[2], m[3], m[4]].map(Number) as [number, number, number];
  if (![offset, line, skip].every(Number.isSafeInteger) || line < 1) return bad;
  return ok({ ino, offset, line, skip, model: m[5] || null, cwdKey: m[6] ?? null, fp: m[7]! });
}

/**
 * Checks a decoded position against the open file it names: within the file, at the start of a
 * line, the file not rewritten since (its epoch), and the bytes around the position unchanged.
 */
export function checkCursor(fd: number, size: number, ref: AgentSessionRef, epoch: string, p: PagePosition & { fp: string }): Result<PagePosition, CursorError> {
  const stale = fail('stale_cursor' as const, "The session's log changed since this page was read; open the session again.");
  if (p.offset > size) return stale;
  if (p.offset > 0 && readAt(fd, p.offset - 1, 1)[0] !== 0x0a) return stale;
  const { fp, ...pos } = p;
  return fingerprint(fd, ref, epoch, pos) === fp ? ok(pos) : stale;
}
