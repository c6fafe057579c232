import type { CompanionLink } from '../companion/companion-link';
import type { SessionPilotDb } from '../db/db';
import { runRollingBackup, type CompanionCall } from '../backup/rolling-backup';
import { fail, type Result } from '../../../shared/result';

export const ROLLING_BACKUP_ALARM = 'rolling-backup';
let running: Promise<unknown> | null = null;

/**
 * Gives the companion a backup of the database when it is connected: one at a time, forced after a
 * session ends or when the user asks, otherwise at most every few hours (see rolling-backup.ts).
 */
export function rollingBackupNow(
  db: SessionPilotDb,
  link: Pick<CompanionLink, 'status' | 'request'>,
  now: number,
  force: boolean,
): Promise<Result<unknown>> {
  if (link.status.state !== 'connected') return Promise.resolve(fail('not_connected', 'The companion is not connected, so it cannot keep a backup right now.'));
  if (running) return running as Promise<Result<unknown>>;
  const call: CompanionCall = (method, params) => link.request(method, params, { timeoutMs: 60_000 });
  const job = runRollingBackup(db, call, now, { force }).finally(() => (running = null));
  running = job;
  return job;
}
