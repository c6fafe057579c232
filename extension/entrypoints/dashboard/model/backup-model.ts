import { backupCounts, parseBackup, type Backup } from '../../../../shared/backup/backup-format';
import type { Result } from '../../../../shared/result';
import { exportBackup, importBackup, previewImport, type ImportPreview } from '../../../lib/backup/backup-store';
import type { SessionPilotDb } from '../../../lib/db/db';
import { sendRequest } from '../../../lib/messages/send-request';
import { downloadText } from '../../../lib/ui/download';

export interface BackupModel {
  /** Writes the whole database (secrets aside) as one JSON download. */
  exportNow(prefix?: string): Promise<{ file: string; rows: number }>;
  /** Reads a chosen file: a refusal is one sentence; a good file comes with what importing would do. */
  read(file: File): Promise<Result<{ backup: Backup; preview: ImportPreview[] }>>;
  /** Applies it; "replace" first downloads an automatic backup of what is here now. */
  apply(backup: Backup, mode: 'merge' | 'replace'): Promise<{ written: number; autoBackup?: string }>;
}


export function createBackupModel(db: SessionPilotDb): BackupModel {
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
