import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompanionConnection } from '../../../extension/lib/companion/companion-connection';
import { pairWithCompanion } from '../../../extension/lib/companion/pair-with-companion';
import { createDb } from '../../../extension/lib/db/db';
import { downloadBackup, runRollingBackup, uploadBackup, type CompanionCall } from '../../../extension/lib/backup/rolling-backup';
import { importBackup } from '../../../extension/lib/backup/backup-store';
import { cleanup, EXT_ORIGIN, nodeOpener, startHarness, type Harness } from '../server/test-fixtures';
import { backupsDir } from './backup-vault';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  if (h) cleanup(h.home);
  h = undefined;
});

async function connect(): Promise<CompanionCall> {
  h = await startHarness();
  h.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
  const paired = await pairWithCompanion({ url: h.url, origin: EXT_ORIGIN, code: 'k7qx-m2pd', open: nodeOpener(), probe: async () => true });
  if (!paired.ok) throw new Error('pairing failed');
  const conn = new CompanionConnection({ url: h.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't' });
  await conn.connect();
  return (method, params) => conn.request(method, params, { timeoutMs: 30_000 });
}

async function seededDb(sessions: number) {
  const db = createDb(`rolling-${crypto.randomUUID()}`);
  await db.workspaces.add({ id: 'w1', name: 'shop', path: '/src/shop', createdAt: 1, updatedAt: 1 });
  await db.sessions.bulkAdd(
    Array.from({ length: sessions }, (_, i) => ({
      id: `s${i}`, workspaceId: 'w1', goal: `Goal ${i} — ünïcödé ✓ 🚀 ${'x'.repeat(200)}`, budgetMinutes: 60,
      focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed' as const, createdAt: i, startedAt: i, endedAt: i + 1,
    })),
  );
  await db.events.bulkAdd(Array.from({ length: sessions }, (_, i) => ({ sessionId: `s${i}`, at: i, type: 'session_started' as const })));
  await db.settings.put({ key: 'secret.anthropicKey', value: 'sk-ant-api03-never-leaves' });
  return db;
}

describe('rolling backups over a real socket', () => {
  it('stores a multi-piece backup under SESSIONPILOT_HOME, skips unchanged rows, and restores it into a fresh profile', async () => {
    const call = await connect();
    const db = await seededDb(6000); // ~1.6 MB of JSON: four pieces, more than one frame
    const first = await runRollingBackup(db, call, Date.UTC(2026, 10, 22, 9));
    expect(first.ok).toBe(true);
    if (!first.ok || !('unchanged' in first.value)) throw new Error('no backup');
    expect(first.value.unchanged).toBe(false);
    const files = readdirSync(backupsDir(h!.home)).filter((n) => n.endsWith('.json') && n !== 'index.json');
    expect(files).toEqual([first.value.state.lastName]);
    const onDisk = readFileSync(join(backupsDir(h!.home), files[0]!), 'utf8');
    expect(onDisk.length).toBeGreaterThan(1024 * 1024);
    expect(onDisk).not.toContain('sk-ant-api03');

    // Nothing changed: no second file, even when forced.
    const again = await runRollingBackup(db, call, Date.UTC(2026, 10, 22, 10), { force: true });
    expect(again.ok && 'unchanged' in again.value && again.value.unchanged).toBe(true);
    // Within the interval and not forced: not even exported.
    const soon = await runRollingBackup(db, call, Date.UTC(2026, 10, 22, 10, 5));
    expect(soon.ok && 'skipped' in soon.value && soon.value.skipped).toBe('recent');
    await db.tasks.add({ id: 't1', sessionId: 's1', order: 0, title: 'New', category: 'bug', estimateMinutes: 5, rationale: '', sources: ['goal'], status: 'pending', notes: '', createdAt: 5, updatedAt: 5 });
    const changed = await runRollingBackup(db, call, Date.UTC(2026, 10, 22, 11), { force: true });
    expect(changed.ok && 'unchanged' in changed.value && changed.value.unchanged).toBe(false);

    const list = await call('backup.list', {});
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.backups).toHaveLength(2);
    expect(list.value.backups[0]!.counts).toMatchObject({ sessions: 6000, tasks: 1, events: 6000 });

    const fresh = createDb(`fresh-${crypto.randomUUID()}`);
    const restored = await downloadBackup(call, list.value.backups[0]!.name);
    if (!restored.ok) throw new Error(restored.error.message);
    await importBackup(fresh, restored.value, 'replace');
    expect(await fresh.sessions.count()).toBe(6000);
    expect((await fresh.sessions.get('s5999'))!.goal).toBe((await db.sessions.get('s5999'))!.goal);
    expect(await fresh.tasks.get('t1')).toMatchObject({ title: 'New' });
    expect(await fresh.settings.get('secret.anthropicKey')).toBeUndefined();
  });

  it('refuses an upload whose bytes differ from what was announced, a non-backup, and names it cannot know', async () => {
    const call = await connect();
    const bad = await uploadBackup(call, JSON.stringify({ format: 'something-else' }));
    expect(bad.ok ? null : bad.error.code).toBe('not_a_backup');
    // A piece from the wrong offset.
    const begun = await call('backup.begin', { bytes: 10, sha256: 'a'.repeat(64) });
    if (!begun.ok) throw new Error('begin');
    const skip = await call('backup.chunk', { uploadId: begun.value.uploadId, offset: 5, data: btoa('hello') });
    expect(skip.ok ? null : skip.error.code).toBe('bad_offset');
    await call('backup.chunk', { uploadId: begun.value.uploadId, offset: 0, data: btoa('0123456789') });
    const commit = await call('backup.commit', { uploadId: begun.value.uploadId });
    expect(commit.ok ? null : commit.error.code).toBe('corrupt_upload');
    const traversal = await call('backup.read', { name: '../config.json' as never, offset: 0 });
    expect(traversal.ok ? null : traversal.error.code).toBe('bad_params');
    const missing = await call('backup.read', { name: 'sessionpilot-backup-20260101T000000Z.json', offset: 0 });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
    expect(readdirSync(backupsDir(h!.home)).filter((n) => !n.startsWith('index'))).toEqual([]);
  });

  it('a damaged file in the folder is left out of the list, and a lost index is rebuilt from the files', async () => {
    const call = await connect();
    const db = await seededDb(3);
    const r = await runRollingBackup(db, call, Date.now());
    if (!r.ok || !('state' in r.value) || !r.value.state) throw new Error('backup');
    writeFileSync(join(backupsDir(h!.home), 'index.json'), '{broken');
    writeFileSync(join(backupsDir(h!.home), 'sessionpilot-backup-20200101T000000Z.json'), '{"format":"sessionpilot-backup", truncated');
    const list = await call('backup.list', {});
    expect(list.ok && list.value.backups.map((b) => b.name)).toEqual([r.value.state.lastName]);
  });
});
