import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { createDb } from './db';
import { SCHEMA_VERSIONS } from './schema-versions';
import { LATEST_VERSION, upgradeFrom } from './upgrade-harness';

const TABLES = ['workspaces', 'sessions', 'tasks', 'events', 'signals', 'backlog', 'agentRuns', 'reviews', 'settings'];

describe('Dexie schema', () => {
  it('declares versions in increasing order, each with every table', () => {
    const versions = SCHEMA_VERSIONS.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    for (const table of TABLES) expect(Object.keys(SCHEMA_VERSIONS[0]!.stores)).toContain(table);
  });

  it('opens at the latest version with the tables DESIGN.md lists', async () => {
    const db = createDb(`schema-${crypto.randomUUID()}`);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual([...TABLES].sort());
    db.close();
  });

  it('the upgrade harness keeps every v1 row when opening the latest version', async () => {
    const db = await upgradeFrom(1, async (old: Dexie) => {
      await old.table('workspaces').add({ id: 'w1', name: 'app', path: '/src/app', createdAt: 1, updatedAt: 1 });
      await old.table('sessions').add({
        id: 's1', workspaceId: 'w1', goal: 'ship', budgetMinutes: 60,
        focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', createdAt: 2,
      });
      await old.table('tasks').add({
        id: 't1', sessionId: 's1', order: 0, title: 'Fix it', category: 'bug', estimateMinutes: 20,
        rationale: '', sources: ['goal'], status: 'done', notes: '', createdAt: 2, updatedAt: 3,
      });
      await old.table('events').add({ sessionId: 's1', at: 5, type: 'session_started' });
      await old.table('settings').add({ key: 'theme', value: 'dark' });
    });
    expect(await db.workspaces.get('w1')).toMatchObject({ name: 'app', path: '/src/app' });
    expect(await db.sessions.get('s1')).toMatchObject({ goal: 'ship', status: 'completed' });
    expect(await db.tasks.where('sessionId').equals('s1').count()).toBe(1);
    expect(await db.events.where('sessionId').equals('s1').toArray()).toHaveLength(1);
    expect(await db.settings.get('theme')).toEqual({ key: 'theme', value: 'dark' });
    db.close();
  });
});
