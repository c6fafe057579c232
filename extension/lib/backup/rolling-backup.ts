import { parseBackup, type Backup } from '../../../shared/backup/backup-format';
import { BACKUP_CHUNK_BYTES, type StoredBackup } from '../../../shared/protocol/backup-methods';
import type { MethodName, MethodParams, MethodResult } from '../../../shared/protocol/methods';
import { fail, ok, type Result } from '../../../shared/result';
import type { SessionPilotDb } from '../db/db';
import { exportBackup } from './backup-store';

/** Calls one companion method (the link in the background, or a connection in tests). */
export type CompanionCall = <M extends MethodName>(method: M, params: MethodParams<M>) => Promise<Result<MethodResult<M>>>;

export const ROLLING_STATE_KEY = 'backup.rolling';
/** A rolling backup at most this often when nothing else asks for one (a session end always does). */
export const ROLLING_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface RollingState {
  lastAt: number;
  lastName: string;
  /** SHA-256 of the rows (export time left out), to skip a backup when nothing changed. */
  contentSha256: string;
  kept: number;
  dir: string;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Sends one backup document to the companion in pieces; the companion checks it before keeping it. */
export async function uploadBackup(call: CompanionCall, text: string): Promise<Result<{ stored: StoredBackup; kept: number; dir: string; unchanged: boolean }>> {
  const bytes = new TextEncoder().encode(text);
  const sha256 = await sha256Hex(bytes);
  const begun = await call('backup.begin', { bytes: bytes.length, sha256 });
  if (!begun.ok) return begun;
  if (begun.value.unchanged) return ok({ stored: begun.value.unchanged, kept: 0, dir: '', unchanged: true });
  const { uploadId } = begun.value;
  for (let offset = 0; offset < bytes.length; offset += BACKUP_CHUNK_BYTES) {
    const sent = await call('backup.chunk', { uploadId, offset, data: toBase64(bytes.subarray(offset, offset + BACKUP_CHUNK_BYTES)) });
    if (!sent.ok) return sent;
  }
  const committed = await call('backup.commit', { uploadId });
  return committed.ok ? ok({ ...committed.value, unchanged: false }) : committed;
}

/** Fetches a stored backup piece by piece, checks its SHA-256, and parses it like an imported file. */
export async function downloadBackup(call: CompanionCall, name: string, onProgress?: (done: number, total: number) => void): Promise<Result<Backup>> {
  const pieces: Uint8Array[] = [];
  let offset: number | null = 0;
  let total = 0;
  let expected = '';
  while (offset !== null) {
    const r: Result<MethodResult<'backup.read'>> = await call('backup.read', { name, offset });
    if (!r.ok) return r;
    const piece = fromBase64(r.value.data);
    pieces.push(piece);
    total = r.value.bytes;
    expected = r.value.sha256;
    offset = r.value.nextOffset;
    onProgress?.(offset ?? total, total);
    if (offset !== null && piece.length === 0) return fail('truncated', 'The companion’s backup ended early; nothing was changed.');
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    if (at + p.length > total) return fail('corrupt', 'The companion’s backup is larger than it said; nothing was changed.');
    bytes.set(p, at);
    at += p.length;
  }
  if (at !== total || (await sha256Hex(bytes)) !== expected) return fail('corrupt', 'The companion’s backup does not match its checksum; nothing was changed.');
  const parsed = parseBackup(new TextDecoder().decode(bytes));
  return parsed.ok ? ok(parsed.value) : fail(parsed.error.code, parsed.error.message);
}

/**
 * Exports the database and hands it to the companion when its rows changed since the last rolling
 * backup. Without `force` (a reconnect, the periodic alarm) it also waits ROLLING_INTERVAL_MS; a
 * session's end and the user's button force it.
 */
export async function runRollingBackup(
  db: SessionPilotDb,
  call: CompanionCall,
  now: number,
  options: { force?: boolean } = {},
): Promise<Result<{ state: RollingState; unchanged: boolean } | { skipped: 'recent' | 'empty'; state: RollingState | null }>> {
  const previous = await loadRollingState(db);
  if (!options.force && previous && now - previous.lastAt < ROLLING_INTERVAL_MS) return ok({ skipped: 'recent', state: previous });
  // The rows' identity leaves the export time out: the same rows twice are not stored twice.
  const backup = await exportBackup(db, 0);
  if (backup.tables.workspaces.length + backup.tables.sessions.length === 0) return ok({ skipped: 'empty', state: previous });
  const contentSha256 = await sha256Hex(new TextEncoder().encode(JSON.stringify(backup)));
  if (previous && previous.contentSha256 === contentSha256) {
    const state = { ...previous, lastAt: now };
    await db.settings.put({ key: ROLLING_STATE_KEY, value: state });
    return ok({ state, unchanged: true });
  }
  const sent = await uploadBackup(call, JSON.stringify({ ...backup, exportedAt: now }));
  if (!sent.ok) return sent;
  const state: RollingState = {
    lastAt: now,
    lastName: sent.value.stored.name,
    contentSha256,
    kept: sent.value.unchanged ? (previous?.kept ?? 1) : sent.value.kept,
    dir: sent.value.dir || previous?.dir || '',
  };
  await db.settings.put({ key: ROLLING_STATE_KEY, value: state });
  return ok({ state, unchanged: sent.value.unchanged });
}

export async function loadRollingState(db: SessionPilotDb): Promise<RollingState | null> {
  const row = await db.settings.get(ROLLING_STATE_KEY);
  const v = row?.value as Partial<RollingState> | undefined;
  if (!v || typeof v.lastAt !== 'number' || typeof v.lastName !== 'string' || typeof v.contentSha256 !== 'string') return null;
  return { lastAt: v.lastAt, lastName: v.lastName, contentSha256: v.contentSha256, kept: typeof v.kept === 'number' ? v.kept : 1, dir: typeof v.dir === 'string' ? v.dir : '' };
}
