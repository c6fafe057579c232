import { z } from 'zod';
import type { SessionPilotDb } from '../db/db';
import type { StoredPairing } from './companion-link';

/** The companion secret lives in the extension origin's IndexedDB, where no content script can read it. */
const KEY = 'companion.pairing';
const StoredPairingSchema = z.object({ port: z.number().int(), secret: z.string().regex(/^[0-9a-f]{64}$/), pairedAt: z.number() });

export async function loadPairing(db: SessionPilotDb): Promise<StoredPairing | null> {
  const row = await db.settings.get(KEY);
  const parsed = StoredPairingSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

export async function savePairing(db: SessionPilotDb, pairing: StoredPairing): Promise<void> {
  await db.settings.put({ key: KEY, value: pairing });
}

export async function clearPairing(db: SessionPilotDb): Promise<void> {
  await db.settings.delete(KEY);
}
