import { z } from 'zod';
import type { SessionPilotDb } from '../db/db';

/** Signals the user muted for a workspace (by signal id); kept in the settings table. */
const key = (workspaceId: string) => `mutes:${workspaceId}`;
const MutesSchema = z.array(z.string().max(4096)).max(10_000);

export async function mutedSignals(db: SessionPilotDb, workspaceId: string): Promise<Set<string>> {
  const row = await db.settings.get(key(workspaceId));
  const parsed = MutesSchema.safeParse(row?.value ?? []);
  return new Set(parsed.success ? parsed.data : []);
}

export async function setSignalMuted(db: SessionPilotDb, workspaceId: string, signalId: string, muted: boolean): Promise<string[]> {
  return db.transaction('rw', db.settings, async () => {
    const current = await mutedSignals(db, workspaceId);
    if (muted) current.add(signalId);
    else current.delete(signalId);
    const list = [...current].sort();
    await db.settings.put({ key: key(workspaceId), value: list });
    return list;
  });
}
