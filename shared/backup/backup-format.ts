import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { SessionStatusSchema } from '../domain/session';
import { TaskStatusSchema } from '../domain/task';
import { SessionEventTypeSchema } from '../domain/event';
import { fail, ok, type Result } from '../result';

export const BACKUP_FORMAT = 'sessionpilot-backup';
export const BACKUP_VERSION = 1;

/**
 * Rows are checked for what the app relies on (ids, links, states, times) and otherwise kept as
 * they are (`loose`), so a backup round-trips every field, including ones a newer minor version
 * added.
 */
const rows = {
  workspaces: z.object({ id: IdSchema, name: z.string(), path: z.string(), createdAt: TimestampSchema, updatedAt: TimestampSchema }).loose(),
  sessions: z.object({ id: IdSchema, workspaceId: IdSchema, status: SessionStatusSchema, budgetMinutes: z.number(), createdAt: TimestampSchema }).loose(),
  tasks: z.object({ id: IdSchema, sessionId: IdSchema, order: z.number(), title: z.string(), status: TaskStatusSchema, estimateMinutes: z.number() }).loose(),
  events: z.object({ sessionId: IdSchema, at: TimestampSchema, type: SessionEventTypeSchema }).loose(),
  signals: z.object({ id: z.string().min(1), kind: z.string(), sessionId: IdSchema }).loose(),
  backlog: z.object({ id: IdSchema, workspaceId: IdSchema, title: z.string(), createdAt: TimestampSchema }).loose(),
  agentRuns: z.object({ id: IdSchema, startedAt: TimestampSchema }).loose(),
  reviews: z.object({ id: IdSchema, sessionId: IdSchema, createdAt: TimestampSchema }).loose(),
  settings: z.object({ key: z.string().min(1).max(200), value: z.unknown() }).loose(),
  agentReviews: z
    .object({ id: z.string().min(1).max(300), agent: z.enum(['claude', 'codex']), sessionId: z.string().min(1).max(200), rating: z.enum(['ok', 'needs_fix', 'reverted', 'partial']), updatedAt: TimestampSchema })
    .loose(),
};

export const BACKUP_TABLES = Object.keys(rows) as BackupTable[];
export type BackupTable = keyof typeof rows;

export const BackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: TimestampSchema,
  /** The Dexie schema version the rows came from. */
  schemaVersion: z.number().int().positive(),
  app: z.string().optional(),
  tables: z.object({
    workspaces: z.array(rows.workspaces),
    sessions: z.array(rows.sessions),
    tasks: z.array(rows.tasks),
    events: z.array(rows.events),
    signals: z.array(rows.signals),
    backlog: z.array(rows.backlog),
    agentRuns: z.array(rows.agentRuns),
    reviews: z.array(rows.reviews),
    settings: z.array(rows.settings),
    // Schema v2 added agent reviews; a backup written before then has none.
    agentReviews: z.array(rows.agentReviews).default([]),
  }),
});
export type Backup = z.infer<typeof BackupSchema>;

export type BackupProblem = 'not_json' | 'foreign' | 'too_new' | 'invalid';

/**
 * Reads a backup file's text. A truncated, corrupt or foreign file is refused with one sentence
 * saying why; nothing about it is trusted before it passes.
 */
export function parseBackup(text: string): Result<Backup, BackupProblem> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('not_json', 'This file is not valid JSON: it may be truncated or damaged. Nothing was changed.');
  }
  if (!raw || typeof raw !== 'object' || (raw as { format?: unknown }).format !== BACKUP_FORMAT) {
    return fail('foreign', 'This file is not a SessionPilot backup. Nothing was changed.');
  }
  const version = (raw as { version?: unknown }).version;
  if (typeof version === 'number' && version > BACKUP_VERSION) {
    return fail('too_new', `This backup was made by a newer SessionPilot (format ${version}; this one reads ${BACKUP_VERSION}). Nothing was changed.`);
  }
  const parsed = BackupSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [, table, index] = issue.path;
    const where = table !== undefined && typeof index === 'number' ? `row ${index + 1} of ${String(table)}` : issue.path.join('.') || 'the file';
    return fail('invalid', `This backup is damaged (${where}: ${issue.message}). Nothing was changed.`);
  }
  return ok(parsed.data);
}

export function backupCounts(backup: Backup): Record<BackupTable, number> {
  return Object.fromEntries(BACKUP_TABLES.map((t) => [t, backup.tables[t].length])) as Record<BackupTable, number>;
}
