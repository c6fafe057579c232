import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { backupCounts, parseBackup } from '../../../shared/backup/backup-format';
import { BACKUP_CHUNK_BYTES, BackupNameSchema, StoredBackupSchema, type StoredBackup } from '../../../shared/protocol/backup-methods';
import { fail, ok, type Result } from '../../../shared/result';
import { readJsonFile, writeJsonFile } from '../home/json-file';

/**
 * The companion's rolling backups of the extension's database, under SESSIONPILOT_HOME/backups.
 * Uploads land in a part file (never in memory) and become a backup only when their size, SHA-256
 * and contents check out; old backups are pruned to the newest few plus one a day.
 */
export const backupsDir = (home: string): string => join(home, 'backups');
const indexPath = (home: string): string => join(backupsDir(home), 'index.json');
const partPath = (home: string, id: string): string => join(backupsDir(home), `.upload-${id}.part`);
const metaPath = (home: string, id: string): string => join(backupsDir(home), `.upload-${id}.json`);

const IndexSchema = z.object({ version: z.literal(1), backups: z.array(StoredBackupSchema) });
const UploadSchema = z.object({ bytes: z.number().int().positive(), sha256: z.string(), startedAt: z.number() });

/** Newest this many are always kept; beyond them, the newest of each of the last KEEP_DAYS days. */
export const KEEP_NEWEST = 10;
export const KEEP_DAYS = 30;
const STALE_UPLOAD_MS = 60 * 60 * 1000;

function ensureDir(home: string): string {
  const dir = backupsDir(home);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The stored backups, newest first; a missing or damaged index is rebuilt from the files. */
export function listBackups(home: string): StoredBackup[] {
  const dir = backupsDir(home);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => BackupNameSchema.safeParse(n).success);
  } catch {
    return [];
  }
  const index = readJsonFile(indexPath(home), IndexSchema);
  const known = new Map((index.ok && index.value ? index.value.backups : []).map((b) => [b.name, b]));
  const out: StoredBackup[] = [];
  let rebuilt = false;
  for (const name of names) {
    const entry = known.get(name) ?? describeFile(home, name);
    if (!known.has(name)) rebuilt = true;
    if (entry) out.push(entry);
  }
  out.sort((a, b) => b.storedAt - a.storedAt || (a.name < b.name ? 1 : -1));
  if (rebuilt || out.length !== known.size) writeJsonFile(indexPath(home), { version: 1, backups: out });
  return out;
}

/** Reads a backup file that the index does not describe (a hand-copied one, or a lost index). */
function describeFile(home: string, name: string): StoredBackup | null {
  try {
    const path = join(backupsDir(home), name);
    const buf = readFileSync(path);
    const parsed = parseBackup(buf.toString('utf8'));
    if (!parsed.ok) return null;
    return {
      name,
      bytes: buf.length,
      sha256: createHash('sha256').update(buf).digest('hex'),
      storedAt: statSync(path).mtimeMs,
      exportedAt: parsed.value.exportedAt,
      counts: backupCounts(parsed.value),
    };
  } catch {
    return null;
  }
}

function sweepStaleUploads(home: string, now: number): void {
  for (const n of readdirSync(backupsDir(home))) {
    const m = /^\.upload-([0-9a-f]{32})\.json$/.exec(n);
    if (!m) continue;
    const meta = readJsonFile(metaPath(home, m[1]!), UploadSchema);
    if (!meta.ok || !meta.value || now - meta.value.startedAt > STALE_UPLOAD_MS) dropUpload(home, m[1]!);
  }
}

function dropUpload(home: string, id: string): void {
  rmSync(partPath(home, id), { force: true });
  rmSync(metaPath(home, id), { force: true });
}

export function beginUpload(home: string, input: { bytes: number; sha256: string }, now: number): { uploadId: string; unchanged: StoredBackup | null } {
  ensureDir(home);
  sweepStaleUploads(home, now);
  const newest = listBackups(home)[0] ?? null;
  const unchanged = newest && newest.sha256 === input.sha256 && newest.bytes === input.bytes ? newest : null;
  const uploadId = randomBytes(16).toString('hex');
  if (!unchanged) {
    writeJsonFile(metaPath(home, uploadId), { bytes: input.bytes, sha256: input.sha256, startedAt: now });
    closeSync(openSync(partPath(home, uploadId), 'w', 0o600));
  }
  return { uploadId, unchanged };
}

function partSize(home: string, id: string): number | null {
  try {
    return statSync(partPath(home, id)).size;
  } catch {
    return null;
  }
}

export function appendChunk(home: string, input: { uploadId: string; offset: number; data: string }): Result<{ received: number }> {
  const meta = readJsonFile(metaPath(home, input.uploadId), UploadSchema);
  const size = partSize(home, input.uploadId);
  if (!meta.ok || !meta.value || size === null) return fail('unknown_upload', 'That backup upload is unknown or expired; start it again.');
  if (input.offset !== size) return fail('bad_offset', `The backup upload expected bytes from ${size}, not ${input.offset}; start it again.`);
  const bytes = Buffer.from(input.data, 'base64');
  if (bytes.length > BACKUP_CHUNK_BYTES) return fail('bad_chunk', 'A backup piece was larger than allowed.');
  if (size + bytes.length > meta.value.bytes) {
    dropUpload(home, input.uploadId);
    return fail('too_long', 'The backup upload sent more bytes than it announced; it was dropped.');
  }
  const fd = openSync(partPath(home, input.uploadId), 'a', 0o600);
  try {
    writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  return ok({ received: size + bytes.length });
}

function nameFor(now: number, taken: ReadonlySet<string>): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  let name = `sessionpilot-backup-${stamp}.json`;
  for (let i = 2; taken.has(name); i++) name = `sessionpilot-backup-${stamp}-${i}.json`;
  return name;
}

/** Checks the upload (size, hash, a real SessionPilot backup) and stores it; then prunes. */
export function commitUpload(home: string, uploadId: string, now: number): Result<{ stored: StoredBackup; kept: number; dir: string }> {
  const meta = readJsonFile(metaPath(home, uploadId), UploadSchema);
  if (!meta.ok || !meta.value) return fail('unknown_upload', 'That backup upload is unknown or expired; start it again.');
  const part = partPath(home, uploadId);
  let buf: Buffer;
  try {
    buf = readFileSync(part);
  } catch {
    dropUpload(home, uploadId);
    return fail('unknown_upload', 'That backup upload is unknown or expired; start it again.');
  }
  if (buf.length !== meta.value.bytes || createHash('sha256').update(buf).digest('hex') !== meta.value.sha256) {
    dropUpload(home, uploadId);
    return fail('corrupt_upload', 'The backup arrived incomplete or altered (size or SHA-256 differ); it was not kept.');
  }
  const parsed = parseBackup(buf.toString('utf8'));
  if (!parsed.ok) {
    dropUpload(home, uploadId);
    return fail('not_a_backup', `The upload is not a SessionPilot backup: ${parsed.error.message}`);
  }
  const existing = listBackups(home);
  const name = nameFor(now, new Set(existing.map((b) => b.name)));
  const fd = openSync(part, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(part, join(backupsDir(home), name));
  rmSync(metaPath(home, uploadId), { force: true });
  const stored: StoredBackup = { name, bytes: buf.length, sha256: meta.value.sha256, storedAt: now, exportedAt: parsed.value.exportedAt, counts: backupCounts(parsed.value) };
  const kept = prune(home, [stored, ...existing]);
  return ok({ stored, kept: kept.length, dir: backupsDir(home) });
}

/** Which backups to keep: the newest KEEP_NEWEST, plus the newest of each local day for KEEP_DAYS days. */
export function retained(backups: readonly StoredBackup[], now: number): StoredBackup[] {
  const sorted = [...backups].sort((a, b) => b.storedAt - a.storedAt);
  const keep = new Set(sorted.slice(0, KEEP_NEWEST).map((b) => b.name));
  const days = new Set<string>();
  for (const b of sorted) {
    if (now - b.storedAt > KEEP_DAYS * 86_400_000) break;
    const d = new Date(b.storedAt);
    const day = `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
    if (days.has(day)) continue;
    days.add(day);
    keep.add(b.name);
  }
  return sorted.filter((b) => keep.has(b.name));
}

function prune(home: string, backups: readonly StoredBackup[]): StoredBackup[] {
  const keep = retained(backups, backups[0]?.storedAt ?? 0);
  const names = new Set(keep.map((b) => b.name));
  for (const b of backups) if (!names.has(b.name)) rmSync(join(backupsDir(home), b.name), { force: true });
  writeJsonFile(indexPath(home), { version: 1, backups: keep });
  return keep;
}

/** One piece of a stored backup, from a byte offset. */
export function readPiece(home: string, name: string, offset: number): Result<{ data: string; nextOffset: number | null; bytes: number; sha256: string }> {
  const entry = listBackups(home).find((b) => b.name === name);
  if (!entry) return fail('not_found', 'That backup is no longer kept by the companion.');
  if (offset > entry.bytes) return fail('bad_offset', 'That position is past the end of the backup.');
  let fd: number;
  try {
    fd = openSync(join(backupsDir(home), name), 'r');
  } catch {
    return fail('not_found', 'That backup is no longer kept by the companion.');
  }
  try {
    const buf = Buffer.allocUnsafe(Math.min(BACKUP_CHUNK_BYTES, entry.bytes - offset));
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    const next = offset + got;
    return ok({ data: buf.subarray(0, got).toString('base64'), nextOffset: next >= entry.bytes ? null : next, bytes: entry.bytes, sha256: entry.sha256 });
  } finally {
    closeSync(fd);
  }
}
