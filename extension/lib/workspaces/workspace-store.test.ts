import { beforeEach, describe, expect, it } from 'vitest';
import { createDb, type SessionPilotDb } from '../db/db';
import {
  deleteWorkspace, listWorkspaces, purgeDeletedWorkspaces, restoreWorkspace, saveWorkspace, UNDO_WINDOW_MS, workspaceImpact,
} from './workspace-store';

let db: SessionPilotDb;
let n = 0;
const newId = () => `id-${++n}`;

beforeEach(async () => {
  db = createDb(`ws-${crypto.randomUUID()}`);
  await db.open();
});

async function seedSessionFor(workspaceId: string) {
  await db.sessions.add({
    id: `s-${workspaceId}`, workspaceId, goal: 'g', budgetMinutes: 30,
    focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', createdAt: 1,
  });
  for (let i = 0; i < 3; i++) {
    await db.tasks.add({
      id: `t-${workspaceId}-${i}`, sessionId: `s-${workspaceId}`, order: i, title: `task ${i}`, category: 'bug',
      estimateMinutes: 10, rationale: '', sources: ['goal'], status: 'pending', notes: '', createdAt: 1, updatedAt: 1,
    });
  }
  await db.events.add({ sessionId: `s-${workspaceId}`, at: 1, type: 'session_started' });
  await db.backlog.add({ id: `b-${workspaceId}`, workspaceId, title: 'later', createdAt: 1 });
}

describe('workspace store', () => {
  it('creates, lists sorted by name, and edits a workspace', async () => {
    const b = await saveWorkspace(db, { draft: { name: 'beta', path: '/src/beta' } }, 10, newId);
    const a = await saveWorkspace(db, { draft: { name: 'alpha', path: '/src/alpha', githubRepo: 'octo/alpha' } }, 11, newId);
    expect(a.ok && b.ok).toBe(true);
    const listed = await listWorkspaces(db);
    expect(listed.workspaces.map((w) => w.name)).toEqual(['alpha', 'beta']);
    expect(listed.workspaces[0]!.githubRepo).toBe('octo/alpha');

    const edited = await saveWorkspace(db, { id: a.ok ? a.value.id : '', draft: { name: 'alpha2', path: '/src/a2', githubRepo: '' } }, 20, newId);
    expect(edited.ok).toBe(true);
    const after = (await listWorkspaces(db)).workspaces.find((w) => w.name === 'alpha2')!;
    expect(after).toMatchObject({ path: '/src/a2', createdAt: 11, updatedAt: 20 });
    expect(after.githubRepo).toBeUndefined();
  });

  it('refuses bad input with one sentence and stores nothing', async () => {
    const relative = await saveWorkspace(db, { draft: { name: 'x', path: 'src/x' } }, 1, newId);
    expect(relative).toEqual({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/absolute path/) } });
    const badRepo = await saveWorkspace(db, { draft: { name: 'x', path: '/x', githubRepo: 'not a repo' } }, 1, newId);
    expect(badRepo.ok ? '' : badRepo.error.message).toMatch(/owner\/repo/);
    expect(await db.workspaces.count()).toBe(0);
  });

  it('refuses a duplicate name, case-insensitively', async () => {
    await saveWorkspace(db, { draft: { name: 'App', path: '/a' } }, 1, newId);
    const dup = await saveWorkspace(db, { draft: { name: 'app', path: '/b' } }, 2, newId);
    expect(dup.ok ? '' : dup.error.code).toBe('duplicate');
  });

  it('says what a delete takes with it, can undo it, and purges only after the undo window', async () => {
    const created = await saveWorkspace(db, { draft: { name: 'doomed', path: '/d' } }, 1, newId);
    const keep = await saveWorkspace(db, { draft: { name: 'keep', path: '/k' } }, 1, newId);
    if (!created.ok || !keep.ok) throw new Error('setup');
    await seedSessionFor(created.value.id);
    await seedSessionFor(keep.value.id);
    expect(await workspaceImpact(db, created.value.id)).toEqual({ sessions: 1, tasks: 3, backlog: 1 });

    const deleted = await deleteWorkspace(db, created.value.id, 1000);
    expect(deleted).toEqual({ ok: true, value: { sessions: 1, tasks: 3, backlog: 1 } });
    expect((await listWorkspaces(db)).workspaces.map((w) => w.name)).toEqual(['keep']);

    // Inside the undo window: nothing purged, and undo brings it back whole.
    expect(await purgeDeletedWorkspaces(db, 1000 + UNDO_WINDOW_MS - 1)).toBe(0);
    expect((await restoreWorkspace(db, created.value.id)).ok).toBe(true);
    expect((await listWorkspaces(db)).workspaces.map((w) => w.name)).toEqual(['doomed', 'keep']);
    expect(await db.tasks.count()).toBe(6);

    // Deleted again and past the window: its rows go, the other workspace's stay.
    await deleteWorkspace(db, created.value.id, 5000);
    expect(await purgeDeletedWorkspaces(db, 5000 + UNDO_WINDOW_MS)).toBe(1);
    expect(await db.workspaces.count()).toBe(1);
    expect(await db.sessions.count()).toBe(1);
    expect(await db.tasks.count()).toBe(3);
    expect(await db.events.count()).toBe(1);
    expect(await db.backlog.count()).toBe(1);
    const late = await restoreWorkspace(db, created.value.id);
    expect(late.ok ? '' : late.error.message).toMatch(/undo window has passed/);
  });

  it('counts a corrupt row instead of throwing, and leaves it in place', async () => {
    await saveWorkspace(db, { draft: { name: 'fine', path: '/f' } }, 1, newId);
    await db.workspaces.put({ id: 'bad', name: '', path: 42 } as never);
    const listed = await listWorkspaces(db);
    expect(listed.workspaces.map((w) => w.name)).toEqual(['fine']);
    expect(listed.unreadable).toBe(1);
    expect(await db.workspaces.get('bad')).toBeDefined();
  });
});
