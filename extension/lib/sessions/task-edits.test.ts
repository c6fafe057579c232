import { beforeEach, describe, expect, it } from 'vitest';
import { createDb, type SessionPilotDb } from '../db/db';
import { createPlannedSession, endSession, startSession } from './session-store';
import { addTask, dropTask, moveTask, updateTask } from './task-edits';

let db: SessionPilotDb;
let sessionId: string;
let n = 0;
const newId = () => `id${++n}`;
const titles = async () => (await db.tasks.where('[sessionId+order]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray()).map((t) => t.title);

beforeEach(async () => {
  db = createDb(`edits-${crypto.randomUUID()}`);
  await db.open();
  const workspace = { id: 'w', name: 'shop', path: '/src/shop', createdAt: 1, updatedAt: 1 };
  await db.workspaces.add(workspace);
  const tasks = ['A', 'B', 'C'].map((title) => ({ title, category: 'bug' as const, estimateMinutes: 10, rationale: '', sources: ['goal'] }));
  sessionId = (await createPlannedSession(db, { workspace, goal: 'g', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, plan: { planner: 'offline', totalMinutes: 30, notices: [], tasks }, signals: [] }, 1, newId)).id;
});

describe('editing a plan', () => {
  it('edits title, estimate and category, refusing bad values in one sentence', async () => {
    const [a] = await db.tasks.where('sessionId').equals(sessionId).sortBy('order');
    expect(await updateTask(db, a!.id, { title: '  Fix   the cart ', estimateMinutes: 25, category: 'feature' }, 2)).toMatchObject({ ok: true, value: { title: 'Fix the cart', estimateMinutes: 25, category: 'feature' } });
    expect(await updateTask(db, a!.id, { estimateMinutes: 0 }, 2)).toMatchObject({ ok: false, error: { message: 'An estimate is a whole number of minutes from 1 to 480.' } });
    expect(await updateTask(db, a!.id, { category: 'chores' }, 2)).toMatchObject({ ok: false, error: { message: 'The category must be bug, feature, refactor or other.' } });
    expect(await updateTask(db, a!.id, { title: '   ' }, 2)).toMatchObject({ ok: false, error: { message: 'A task needs a title.' } });
  });

  it('reorders, adds and drops, keeping orders dense', async () => {
    const [a, , c] = await db.tasks.where('sessionId').equals(sessionId).sortBy('order');
    await moveTask(db, c!.id, 0, 2);
    expect(await titles()).toEqual(['C', 'A', 'B']);
    await moveTask(db, c!.id, 99, 3);
    expect(await titles()).toEqual(['A', 'B', 'C']);
    await addTask(db, sessionId, { title: 'D', estimateMinutes: 5, category: 'other' }, 4, newId);
    await dropTask(db, a!.id);
    expect(await titles()).toEqual(['B', 'C', 'D']);
    expect((await db.tasks.where('sessionId').equals(sessionId).sortBy('order')).map((t) => t.order)).toEqual([0, 1, 2]);
  });

  it('mid-session: add a task and notes (a note is an event); dropping is refused; an ended session is read-only', async () => {
    await startSession(db, sessionId, 10);
    const [a] = await db.tasks.where('sessionId').equals(sessionId).sortBy('order');
    expect((await addTask(db, sessionId, { title: 'Hotfix', estimateMinutes: 15, category: 'bug' }, 11, newId)).ok).toBe(true);
    expect((await updateTask(db, a!.id, { notes: 'reduce() needs an initial value' }, 12)).ok).toBe(true);
    expect((await db.events.where('sessionId').equals(sessionId).toArray()).some((e) => e.type === 'note_added' && e.note === 'reduce() needs an initial value')).toBe(true);
    expect(await dropTask(db, a!.id)).toMatchObject({ ok: false, error: { code: 'bad_state' } });
    await endSession(db, sessionId, 20, 'completed');
    expect(await updateTask(db, a!.id, { title: 'x' }, 21)).toMatchObject({ ok: false, error: { message: 'That session has ended; its tasks are read-only.' } });
  });
});
