import { beforeEach, describe, expect, it } from 'vitest';
import { createDb, type SessionPilotDb } from '../db/db';
import { createPlannedSession, startSession } from '../sessions/session-store';
import { overlayAdd, overlayState, saveOverlayPill } from './overlay-store';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 22, 9);
const ISSUE = 'https://github.com/Octo/App/issues/42';
let db: SessionPilotDb;
let n = 0;
const newId = () => `id${++n}`;

beforeEach(async () => {
  db = createDb(`overlay-${crypto.randomUUID()}`);
  await db.open();
  await db.workspaces.add({ id: 'w', name: 'shop', path: '/src/shop', githubRepo: 'octo/app', createdAt: 1, updatedAt: 1 });
});

async function running() {
  const workspace = (await db.workspaces.get('w'))!;
  const s = await createPlannedSession(
    db,
    { workspace, goal: 'Ship', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, plan: { planner: 'offline', totalMinutes: 10, notices: [], tasks: [{ title: 'First', category: 'bug', estimateMinutes: 10, rationale: '', sources: ['goal'] }] }, signals: [] },
    T0,
    newId,
  );
  await startSession(db, s.id, T0);
  return s.id;
}

describe('GitHub overlay: add to session', () => {
  it('with a session running adds one linked task (category from labels), and says so on the page', async () => {
    const sessionId = await running();
    const r = await overlayAdd(db, { url: ISSUE, title: 'Cart total is wrong', labels: ['bug'] }, T0 + MIN, newId);
    expect(r).toEqual({ ok: true, value: { added: 'task', message: 'Added to today’s plan (30 min).' } });
    expect(await overlayAdd(db, { url: `${ISSUE}#issuecomment-1`, title: 'Cart total is wrong', labels: ['bug'] }, T0 + MIN, newId)).toMatchObject({ ok: true, value: { added: 'already' } });
    const tasks = await db.tasks.where('sessionId').equals(sessionId).toArray();
    expect(tasks.filter((t) => t.sources.includes('gh-issue:Octo/App#42'))).toEqual([expect.objectContaining({ title: 'Issue #42: Cart total is wrong', category: 'bug', order: 1, status: 'pending' })]);
    const state = await overlayState(db, ISSUE, T0 + 2 * MIN);
    expect(state.item).toEqual({ status: 'planned', taskTitle: 'Issue #42: Cart total is wrong', minutesLeft: 30, estimateMinutes: 30 });
    expect(state.session).toMatchObject({ currentTask: { title: 'First' }, tasksTotal: 2 });
    expect(state.workspace).toEqual({ id: 'w', name: 'shop' });
    expect(JSON.stringify(state)).not.toMatch(/\/src\/shop|secret|token/);
  });

  it('a failing check and a review become their own tasks', async () => {
    await running();
    const pr = 'https://github.com/octo/app/pull/9';
    expect(await overlayAdd(db, { url: pr, title: 'Add retries', labels: [], check: 'CI / e2e' }, T0, newId)).toMatchObject({ ok: true, value: { added: 'task' } });
    expect(await overlayAdd(db, { url: pr, title: 'Add retries', labels: [], review: true }, T0, newId)).toMatchObject({ ok: true, value: { added: 'task' } });
    const titles = (await db.tasks.toArray()).map((t) => t.title);
    expect(titles).toEqual(expect.arrayContaining(['Fix the failing check "CI / e2e" on PR #9', 'Review PR #9: Add retries']));
  });

  it('with no session queues the item on the linked workspace’s backlog, once', async () => {
    expect(await overlayAdd(db, { url: ISSUE, title: 'Cart total', labels: [] }, T0, newId)).toEqual({ ok: true, value: { added: 'backlog', message: 'No session is running: queued for your next session in shop.' } });
    expect(await overlayAdd(db, { url: ISSUE, title: 'Cart total', labels: [] }, T0, newId)).toMatchObject({ ok: true, value: { added: 'already' } });
    expect(await db.backlog.count()).toBe(1);
    expect((await overlayState(db, ISSUE, T0)).item).toEqual({ status: 'queued', taskTitle: 'Issue #42: Cart total' });
  });

  it('refuses a page that is not an issue or PR, and a repo with no workspace when nothing runs', async () => {
    expect(await overlayAdd(db, { url: 'https://github.com/octo/app', title: 'x', labels: [] }, T0, newId)).toMatchObject({ ok: false, error: { code: 'not_an_item' } });
    const other = await overlayAdd(db, { url: 'https://github.com/else/where/issues/1', title: 'x', labels: [] }, T0, newId);
    expect(other.ok ? '' : other.error.message).toBe('No session is running and no workspace is linked to else/where: link one in the dashboard to queue items for it.');
  });

  it('remembers where the pill was put', async () => {
    await saveOverlayPill(db, { right: 40.4, bottom: 120, collapsed: true });
    expect((await overlayState(db, 'https://github.com/', T0)).pill).toEqual({ right: 40, bottom: 120, collapsed: true });
  });
});
