import { beforeEach, describe, expect, it } from 'vitest';
import { parseBackup } from '../../../shared/backup/backup-format';
import { createDb, type SessionPilotDb, type SignalRow } from '../db/db';
import { exportBackup, importBackup, previewImport } from './backup-store';

let db: SessionPilotDb;

async function seed(target: SessionPilotDb) {
  await target.workspaces.add({ id: 'w', name: 'shop', path: '/src/shop', githubRepo: 'octo/app', createdAt: 1, updatedAt: 2, deletedAt: undefined });
  await target.sessions.add({ id: 's', workspaceId: 'w', goal: 'Fix the cart', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', createdAt: 3, startedAt: 4, deadlineAt: 5, endedAt: 6, summary: '# Summary' });
  await target.tasks.add({ id: 't', sessionId: 's', order: 0, title: 'FIXME in a.ts:1', category: 'bug', estimateMinutes: 20, rationale: 'r', sources: ['marker:a.ts:1'], status: 'done', notes: 'n', actualMinutes: 31, createdAt: 3, updatedAt: 6 });
  await target.events.bulkAdd([
    { sessionId: 's', at: 4, type: 'session_started' },
    { sessionId: 's', at: 4, type: 'task_started', taskId: 't' },
  ]);
  await target.signals.add({ id: 's/marker:a.ts:1', sessionId: 's', kind: 'marker', file: 'a.ts', line: 1, tag: 'FIXME', text: 'FIXME: x' } as SignalRow);
  await target.backlog.add({ id: 'b', workspaceId: 'w', title: 'Queued', createdAt: 7 });
  await target.reviews.add({ id: 'r', sessionId: 's', rating: 'ok', note: 'fine', createdAt: 8 });
  await target.settings.bulkPut([
    { key: 'clock', value: { warnings: [5], sound: false } },
    { key: 'companion.pairing', value: { port: 1, secret: 'a'.repeat(64), pairedAt: 1 } },
  ]);
}

async function dump(target: SessionPilotDb) {
  return {
    workspaces: await target.workspaces.toArray(),
    sessions: await target.sessions.toArray(),
    tasks: await target.tasks.toArray(),
    events: (await target.events.toArray()).map(({ id: _id, ...e }) => e),
    signals: await target.signals.toArray(),
    backlog: await target.backlog.toArray(),
    reviews: await target.reviews.toArray(),
    settings: (await target.settings.toArray()).filter((s) => s.key !== 'companion.pairing'),
  };
}

beforeEach(async () => {
  db = createDb(`backup-${crypto.randomUUID()}`);
  await db.open();
  await seed(db);
});

describe('backups', () => {
  it('export → a fresh profile → import (replace) gives back every row, and no secret travels', async () => {
    const text = JSON.stringify(await exportBackup(db, 100));
    expect(text).not.toContain('a'.repeat(64));
    const fresh = createDb(`backup-fresh-${crypto.randomUUID()}`);
    await fresh.open();
    const parsed = parseBackup(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    await importBackup(fresh, parsed.value, 'replace');
    expect(await dump(fresh)).toEqual(await dump(db));
  });

  it('replace keeps the pairing secret of this browser', async () => {
    const parsed = parseBackup(JSON.stringify(await exportBackup(db, 100)));
    if (!parsed.ok) throw new Error('bad');
    await importBackup(db, parsed.value, 'replace');
    expect((await db.settings.get('companion.pairing'))?.value).toMatchObject({ port: 1 });
  });

  it('merge adds what is missing, keeps the newer row, and never doubles events', async () => {
    const backup = await exportBackup(db, 100);
    backup.tables.tasks = [{ ...backup.tables.tasks[0]!, title: 'Renamed later', updatedAt: 99 }, { ...backup.tables.tasks[0]!, id: 't2', title: 'Another' }];
    backup.tables.workspaces = [{ ...backup.tables.workspaces[0]!, name: 'older name', updatedAt: 1 }];
    const preview = await previewImport(db, backup);
    expect(preview.find((p) => p.table === 'tasks')).toEqual({ table: 'tasks', incoming: 2, added: 1, existing: 1, current: 1 });
    expect(preview.find((p) => p.table === 'events')).toMatchObject({ incoming: 2, added: 0, existing: 2 });
    await importBackup(db, backup, 'merge');
    expect((await db.tasks.get('t'))!.title).toBe('Renamed later');
    expect(await db.tasks.count()).toBe(2);
    expect((await db.workspaces.get('w'))!.name).toBe('shop');
    expect(await db.events.count()).toBe(2);
  });

  it('a failing import changes nothing', async () => {
    const before = await dump(db);
    const backup = await exportBackup(db, 100);
    // Two rows with one id: the transaction fails part-way and rolls back.
    backup.tables.backlog = [{ id: 'x', workspaceId: 'w', title: 'a', createdAt: 1 }, { id: 'x', workspaceId: 'w', title: 'b', createdAt: 1 }];
    await expect(importBackup(db, backup, 'replace')).rejects.toThrow();
    expect(await dump(db)).toEqual(before);
  });
});
