import { backupCounts, parseBackup, type Backup } from '../../../../shared/backup/backup-format';
import type { Result } from '../../../../shared/result';
import { exportBackup, importBackup, previewImport, type ImportPreview } from '../../../lib/backup/backup-store';
import type { SessionPilotDb } from '../../../lib/db/db';
import { sendRequest } from '../../../lib/messages/send-request';
import { downloadText } from '../../../lib/ui/download';
import { callCompanion } from '../../../lib/messages/call-companion';
import { downloadBackup, ROLLING_STATE_KEY, loadRollingState, type CompanionCall, type RollingState } from '../../../lib/backup/rolling-backup';
import type { StoredBackup } from '../../../../shared/protocol/backup-methods';
import { liveQuery } from 'dexie';
import { signal, type Signal } from '@preact/signals';

export interface BackupModel {
  /** Writes the whole database (secrets aside) as one JSON download. */
  exportNow(prefix?: string): Promise<{ file: string; rows: number }>;
  /** Reads a chosen file: a refusal is one sentence; a good file comes with what importing would do. */
  read(file: File): Promise<Result<{ backup: Backup; preview: ImportPreview[] }>>;
  /** Applies it; "replace" first downloads an automatic backup of what is here now. */
  apply(backup: Backup, mode: 'merge' | 'replace'): Promise<{ written: number; autoBackup?: string }>;
  /** The rolling backups the companion keeps under SESSIONPILOT_HOME, newest first. */
  listStored(): Promise<Result<{ backups: StoredBackup[]; dir: string }>>;
  /** Fetches one of them (checked like a chosen file) with what importing it would do. */
  readStored(name: string): Promise<Result<{ backup: Backup; preview: ImportPreview[] }>>;
  /** Asks the background for a rolling backup now. */
  backUpNow(): Promise<Result<unknown>>;
  /** The last rolling backup this browser made. */
  rolling: Signal<RollingState | null>;
}

/** The page may call only read methods of the companion's backups; uploads go through the background. */
const pageCall: CompanionCall = (method, params) => callCompanion(method as 'backup.read', params as never) as never;


export function createBackupModel(db: SessionPilotDb): BackupModel {
  const rolling = signal<RollingState | null>(null);
  liveQuery(() => db.settings.get(ROLLING_STATE_KEY).then(() => loadRollingState(db))).subscribe({ next: (v) => (rolling.value = v), error: () => {} });
  async function exportNow(prefix = 'sessionpilot-backup') {
    const backup = await exportBackup(db, Date.now());
    const stamp = new Date(backup.exportedAt).toISOString().slice(0, 19).replace(/:/g, '-');
    const file = `${prefix}-${stamp}.json`;
    downloadText(file, JSON.stringify(backup), 'application/json');
    return { file, rows: Object.values(backupCounts(backup)).reduce((a, b) => a + b, 0) };
  }
  return {
    exportNow,
    async read(file) {
      const parsed = parseBackup(await file.text());
      if (!parsed.ok) return parsed;
      return { ok: true, value: { backup: parsed.value, preview: await previewImport(db, parsed.value) } };
    },
    rolling,
    listStored: () => callCompanion('backup.list', {}),
    async readStored(name) {
      const r = await downloadBackup(pageCall, name);
      if (!r.ok) return r;
      return { ok: true, value: { backup: r.value, preview: await previewImport(db, r.value) } };
    },
    backUpNow: () => sendRequest({ type: 'backup.rolling.now' }),
    async apply(backup, mode) {
      let autoBackup: string | undefined;
      if (mode === 'replace') autoBackup = (await exportNow('sessionpilot-auto-backup')).file;
      const { written } = await importBackup(db, backup, mode);
      // The background's snapshot and alarms follow what is stored now.
      await sendRequest({ type: 'clock.sync' });
      return { written, ...(autoBackup ? { autoBackup } : {}) };
    },
  };
}
