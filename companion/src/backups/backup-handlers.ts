import type { BackupMethods } from '../../../shared/protocol/backup-methods';
import type { HandlerTable } from '../server/method-handlers';
import { appendChunk, backupsDir, beginUpload, commitUpload, listBackups, readPiece } from './backup-vault';

type BackupMethod = keyof typeof BackupMethods;

/** Rolling backups of the extension's database under SESSIONPILOT_HOME/backups (see backup-vault.ts). */
export const backupHandlers: HandlerTable<BackupMethod> = {
  async 'backup.begin'(params, ctx) {
    const input = params as { bytes: number; sha256: string };
    return { ok: true, result: beginUpload(ctx.state.home, input, Date.now()) };
  },
  async 'backup.chunk'(params, ctx) {
    const r = appendChunk(ctx.state.home, params as { uploadId: string; offset: number; data: string });
    return r.ok ? { ok: true, result: r.value } : { ok: false, error: r.error };
  },
  async 'backup.commit'(params, ctx) {
    const r = commitUpload(ctx.state.home, (params as { uploadId: string }).uploadId, Date.now());
    return r.ok ? { ok: true, result: r.value } : { ok: false, error: r.error };
  },
  async 'backup.list'(_params, ctx) {
    return { ok: true, result: { backups: listBackups(ctx.state.home), dir: backupsDir(ctx.state.home) } };
  },
  async 'backup.read'(params, ctx) {
    const { name, offset } = params as { name: string; offset: number };
    const r = readPiece(ctx.state.home, name, offset);
    return r.ok ? { ok: true, result: r.value } : { ok: false, error: r.error };
  },
};
