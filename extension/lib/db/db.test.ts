import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { createDb } from './db';
import { SCHEMA_VERSIONS } from './schema-versions';
import { LATEST_VERSION, upgradeFrom } from './upgrade-harness';

const V1_TABLES = ['workspaces', 'sessions', 'tasks', 'events', 'signals', 'backlog', 'agentRuns', 'reviews', 'settings'];
const TABLES = [...V1_TABLES, 'agentReviews'];

describe('Dexie schema', () => {
  it('declares versions in increasing order, each with every table', () => {
    const versions = SCHEMA_VERSIONS.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    for (const table of V1_TABLES) expect(Object.keys(SCHEMA_VERSIONS[0]!.stores)).toContain(table);
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

  it('v1 → v2: every row of every v1 table survives, and agent reviews can be stored', async () => {
    const v1Rows: Record<string, Record<string, unknown>[]> = {
      workspaces: [{ id: 'w1', name: 'app', path: '/src/app', githubRepo: 'o/r', extraTags: ['NOTE'], createdAt: 1, updatedAt: 1 }, { id: 'w2', name: 'old', path: '/src/old', createdAt: 1, updatedAt: 2, deletedAt: 3 }],
      sessions: [{ id: 's1', workspaceId: 'w1', goal: 'ship ✓', budgetMinutes: 60, focus: { bugs: 1, features: 0.5, refactor: 0 }, status: 'completed', createdAt: 2, startedAt: 3, endedAt: 4, summary: { text: 'done' } }],
      tasks: [{ id: 't1', sessionId: 's1', order: 0, title: 'Fix <it>', category: 'bug', estimateMinutes: 20, rationale: 'r', sources: ['goal'], status: 'done', notes: 'n', createdAt: 2, updatedAt: 3 }],
      events: [{ id: 1, sessionId: 's1', at: 5, type: 'session_started' }, { id: 2, sessionId: 's1', at: 6, type: 'task_done', taskId: 't1' }],
      signals: [{ id: 'marker:a.ts:1', kind: 'marker', sessionId: 's1', text: 'TODO x' }],
      backlog: [{ id: 'b1', workspaceId: 'w1', title: 'Issue #4', url: 'https://github.com/o/r/issues/4', createdAt: 7 }],
      agentRuns: [{ id: 'r1', sessionId: 's1', startedAt: 8 }],
      reviews: [{ id: 'v1', sessionId: 's1', rating: 'partial', note: 'half', createdAt: 9 }],
      settings: [{ key: 'theme', value: 'dark' }, { key: 'secret.anthropicKey', value: 'sk-ant-test' }],
    };
    const db = await upgradeFrom(1, async (old: Dexie) => {
      for (const [table, rows] of Object.entries(v1Rows)) await old.table(table).bulkAdd(rows);
    });
    expect(db.verno).toBe(2);
    for (const [table, rows] of Object.entries(v1Rows)) expect(await db.table(table).toArray()).toEqual(expect.arrayContaining(rows.map((r) => expect.objectContaining(r))));
    for (const [table, rows] of Object.entries(v1Rows)) expect(await db.table(table).count()).toBe(rows.length);
    await db.agentReviews.add({ id: 'claude:abc', agent: 'claude', sessionId: 'abc', rating: 'ok', note: '', links: [], spSessionId: 's1', createdAt: 10, updatedAt: 10 });
    expect(await db.agentReviews.where('spSessionId').equals('s1').count()).toBe(1);
    db.close();
  });
});
