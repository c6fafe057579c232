import { BACKUP_FORMAT, BACKUP_TABLES, BACKUP_VERSION, type Backup, type BackupTable } from '../../../shared/backup/backup-format';
import type { SessionPilotDb } from '../db/db';
import { SCHEMA_VERSIONS } from '../db/schema-versions';

/**
 * Settings that never leave the browser in a backup (and are never imported from one): secrets
 * (the companion pairing, API keys, tokens) and this browser's own rolling-backup bookkeeping.
 */
export function isSecretSetting(key: string): boolean {
  return key === 'companion.pairing' || key === 'backup.rolling' || key.startsWith('secret.') || /key|token|secret/i.test(key);
}

const LATEST = SCHEMA_VERSIONS.at(-1)!.version;

/** Everything the user made, as one JSON-ready document (secrets left out, and said so in the UI). */
export async function exportBackup(db: SessionPilotDb, now: number, app = 'sessionpilot'): Promise<Backup> {
  return db.transaction('r', BACKUP_TABLES.map((t) => db.table(t)), async () => {
    const tables = {} as Record<BackupTable, unknown[]>;
    for (const t of BACKUP_TABLES) tables[t] = await db.table(t).toArray();
    tables.settings = (tables.settings as Array<{ key: string }>).filter((s) => !isSecretSetting(s.key));
    return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now, schemaVersion: LATEST, app, tables } as Backup;
  });
}

export interface ImportPreview {
  table: BackupTable;
  incoming: number;
  /** Rows the merge would add (ids this browser does not have). */
  added: number;
  /** Rows present on both sides; the merge keeps the newer (by updatedAt) or the existing one. */
  existing: number;
  /** Rows now stored: what a replace would remove. */
  current: number;
}

const eventKey = (e: { sessionId: string; at: number; type: string; taskId?: string }) => `${e.sessionId}\u0000${e.at}\u0000${e.type}\u0000${e.taskId ?? ''}`;

function keyOf(table: BackupTable, row: Record<string, unknown>): string {
  if (table === 'settings') return String(row.key);
  if (table === 'events') return eventKey(row as { sessionId: string; at: number; type: string; taskId?: string });
  return String(row.id);
}

async function existingKeys(db: SessionPilotDb, table: BackupTable): Promise<Set<string>> {
  if (table === 'events') return new Set((await db.events.toArray()).map(eventKey));
  if (table === 'settings') return new Set((await db.settings.toCollection().primaryKeys()).map(String));
  return new Set((await db.table(table).toCollection().primaryKeys()).map(String));
}

/** What an import would do, table by table, before anything is written. */
export async function previewImport(db: SessionPilotDb, backup: Backup): Promise<ImportPreview[]> {
  const out: ImportPreview[] = [];
  for (const table of BACKUP_TABLES) {
    const keys = await existingKeys(db, table);
    const incoming = backup.tables[table] as Array<Record<string, unknown>>;
    const existing = incoming.filter((r) => keys.has(keyOf(table, r))).length;
    out.push({ table, incoming: incoming.length, added: incoming.length - existing, existing, current: keys.size });
  }
  return out;
}

/**
 * Writes a backup in one transaction: any failure leaves the database as it was.
 * - merge: adds what is missing; for a row on both sides keeps the newer `updatedAt` (else the
 *   one already here); events are matched by session, time, type and task.
 * - replace: clears every table (secrets stay) and writes the backup's rows as they are.
 */
export async function importBackup(db: SessionPilotDb, backup: Backup, mode: 'merge' | 'replace'): Promise<{ written: number }> {
  return db.transaction('rw', BACKUP_TABLES.map((t) => db.table(t)), async () => {
    let written = 0;
    for (const table of BACKUP_TABLES) {
      const incoming = (backup.tables[table] as Array<Record<string, unknown>>).filter((r) => table !== 'settings' || !isSecretSetting(String(r.key)));
      if (mode === 'replace') {
        if (table === 'settings') {
          const keep = (await db.settings.toArray()).filter((s) => isSecretSetting(s.key)).map((s) => s.key);
          await db.settings.where('key').noneOf(keep).delete();
        } else await db.table(table).clear();
        const rows = table === 'events' ? incoming.map(({ id: _id, ...rest }) => rest) : incoming;
        await db.table(table).bulkAdd(rows);
        written += rows.length;
        continue;
      }
      if (table === 'events') {
        const have = await existingKeys(db, 'events');
        const fresh = incoming.filter((e) => !have.has(keyOf('events', e))).map(({ id: _id, ...rest }) => rest);
        await db.events.bulkAdd(fresh as never[]);
        written += fresh.length;
        continue;
      }
      const pk = table === 'settings' ? 'key' : 'id';
      const current = new Map((await db.table(table).bulkGet(incoming.map((r) => r[pk] as string))).map((r, i) => [i, r as Record<string, unknown> | undefined]));
      const put = incoming.filter((row, i) => {
        const here = current.get(i);
        if (!here) return true;
        return typeof row.updatedAt === 'number' && typeof here.updatedAt === 'number' && row.updatedAt > here.updatedAt;
      });
      await db.table(table).bulkPut(put);
      written += put.length;
    }
    return { written };
  });
}
