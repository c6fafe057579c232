import { z } from 'zod';

/**
 * Rolling backups the companion keeps under SESSIONPILOT_HOME while the extension is connected, so
 * a wiped profile or an uninstall loses nothing. A backup is larger than one frame, so it travels
 * in base64 pieces of its UTF-8 bytes: begin → chunk… → commit; and back with read.
 * The companion names the files itself; a client never names a path.
 */
export const BACKUP_CHUNK_BYTES = 512 * 1024;
/** A backup larger than this is refused (the whole database of a heavy user is a few MB). */
export const MAX_ROLLING_BACKUP_BYTES = 256 * 1024 * 1024;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const uploadId = z.string().regex(/^[0-9a-f]{32}$/);
export const BackupNameSchema = z.string().regex(/^sessionpilot-backup-\d{8}T\d{6}Z(-\d+)?\.json$/);
/** Base64 of at most BACKUP_CHUNK_BYTES bytes. */
const base64Chunk = z.string().max(Math.ceil(BACKUP_CHUNK_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const StoredBackupSchema = z.object({
  name: BackupNameSchema,
  bytes: z.number().int().nonnegative(),
  sha256,
  /** When the companion stored it, and when the extension exported it (epoch ms). */
  storedAt: z.number(),
  exportedAt: z.number(),
  /** Rows per table, for "12 sessions, 80 tasks" before anything is downloaded. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
});
export type StoredBackup = z.infer<typeof StoredBackupSchema>;

export const BackupMethods = {
  'backup.begin': {
    params: z.object({ bytes: z.number().int().positive().max(MAX_ROLLING_BACKUP_BYTES), sha256 }).strict(),
    result: z.object({
      uploadId,
      /** Set when the newest stored backup already has these exact bytes: nothing to send. */
      unchanged: StoredBackupSchema.nullable(),
    }),
  },
  'backup.chunk': {
    params: z.object({ uploadId, offset: z.number().int().nonnegative(), data: base64Chunk }).strict(),
    result: z.object({ received: z.number().int().nonnegative() }),
  },
  'backup.commit': {
    params: z.object({ uploadId }).strict(),
    result: z.object({ stored: StoredBackupSchema, kept: z.number().int().nonnegative(), dir: z.string() }),
  },
  'backup.list': {
    params: z.object({}).strict().optional(),
    result: z.object({ backups: z.array(StoredBackupSchema), dir: z.string() }),
  },
  'backup.read': {
    params: z.object({ name: BackupNameSchema, offset: z.number().int().nonnegative() }).strict(),
    result: z.object({ data: base64Chunk, nextOffset: z.number().int().nonnegative().nullable(), bytes: z.number().int().nonnegative(), sha256 }),
  },
} as const;
