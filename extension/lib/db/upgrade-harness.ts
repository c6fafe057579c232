import Dexie from 'dexie';
import { createDb, type SessionPilotDb } from './db';
import { SCHEMA_VERSIONS } from './schema-versions';

/**
 * For schema-change tests: creates a database at an old version, seeds it with rows as that
 * version stored them, closes it, then opens it with every version (running the upgrades).
 */
export async function upgradeFrom(
  oldVersion: number,
  seed: (db: Dexie) => Promise<void>,
  name = `upgrade-test-${crypto.randomUUID()}`,
): Promise<SessionPilotDb> {
  const old = createDb(name, SCHEMA_VERSIONS.filter((v) => v.version <= oldVersion));
  await old.open();
  if (old.verno !== oldVersion) throw new Error(`expected v${oldVersion}, opened v${old.verno}`);
  await seed(old);
  old.close();
  const current = createDb(name);
  await current.open();
  return current;
}

export const LATEST_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;
