import { beforeEach, describe, expect, it } from 'vitest';
import { createDb, type SessionPilotDb } from '../db/db';
import { extendSession, finishTask, loadOutcomes, pauseSession, resumeSession, startTask } from './session-actions';
import { createPlannedSession, endSession, startSession } from './session-store';
import { summarizeSession } from './session-summary';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
let db: SessionPilotDb;
let sessionId: string;
let ids: string[];

beforeEach(async () => {
  db = createDb(`actions-${crypto.randomUUID()}`);
  await db.open();
  let n = 0;
  const workspace = { id: 'w', name: 'shop', path: '/src/shop', createdAt: 1, updatedAt: 1 };
  await db.workspaces.add(workspace);
  const session = await createPlannedSession(
    db,
    {
      workspace,
      goal: 'Fix the cart',
      budgetMinutes: 60,
      focus: { bugs: 1, features: 1, refactor: 1 },
      plan: {
        planner: 'offline',
        totalMinutes: 45,
        notices: [],
        tasks: [
          { title: 'FIXME in a.ts:1: crash', category: 'bug', estimateMinutes: 20, rationale: '', sources: ['marker:a.ts:1'] },
          { title: 'Fix failing test sums', category: 'bug', estimateMinutes: 15, rationale: '', sources: ['test:c.test.ts:sums'] },
          { title: 'Tidy', category: 'refactor', estimateMinutes: 10, rationale: '', sources: ['goal'] },
        ],
      },
      signals: [
        { id: 'marker:a.ts:1', kind: 'marker', file: 'a.ts', line: 1, tag: 'FIXME', text: '// FIXME: crash' },
        { id: 'test:c.test.ts:sums', kind: 'failing_test', name: 'sums', file: 'c.test.ts' },
      ],
      startSignals: { markers: 3, failingTests: ['test:c.test.ts:sums'] },
    },
    T0 - MIN,
    () => `id${++n}`,
  );
  sessionId = session.id;
  ids = (await db.tasks.where('[sessionId+order]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray()).map((t) => t.id);
  expect((await startSession(db, sessionId, T0)).ok).toBe(true);
});

describe('task and clock actions', () => {
  it('done records the actual minutes without the pause, starts the next task, and feeds calibration', async () => {
    await pauseSession(db, sessionId, T0 + 5 * MIN);
    const resumed = await resumeSession(db, sessionId, T0 + 8 * MIN);
    expect(resumed.ok && resumed.value.deadlineAt).toBe(T0 + 63 * MIN);
    const r = await finishTask(db, { sessionId, taskId: ids[0]!, outcome: 'done', autoAdvance: true }, T0 + 32 * MIN);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.task).toMatchObject({ status: 'done', actualMinutes: 29 });
    expect(r.value.next).toMatchObject({ id: ids[1], status: 'in_progress' });
    expect(await loadOutcomes(db)).toEqual([{ category: 'bug', kind: 'marker', estimateMinutes: 20, actualMinutes: 29, endedAt: T0 + 32 * MIN }]);
  });

  it('skip without auto-advance leaves nothing in progress; a skipped task is not counted for calibration', async () => {
    const r = await finishTask(db, { sessionId, taskId: ids[0]!, outcome: 'skipped', autoAdvance: false }, T0 + 4 * MIN);
    expect(r.ok && r.value.next).toBeNull();
    expect((await db.tasks.get(ids[0]!))!.status).toBe('skipped');
    expect(await loadOutcomes(db)).toEqual([]);
    const again = await finishTask(db, { sessionId, taskId: ids[0]!, outcome: 'done', autoAdvance: false }, T0 + 5 * MIN);
    expect(again.ok ? null : again.error.message).toBe('That task is already skipped.');
  });

  it('to review stops the task’s time and moves on; marking it done later keeps the worked minutes only', async () => {
    const r = await finishTask(db, { sessionId, taskId: ids[0]!, outcome: 'review', autoAdvance: true }, T0 + 12 * MIN);
    expect(r.ok && r.value.task).toMatchObject({ status: 'review', actualMinutes: 12 });
    expect(r.ok && r.value.next?.id).toBe(ids[1]);
    const twice = await finishTask(db, { sessionId, taskId: ids[0]!, outcome: 'review', autoAdvance: true }, T0 + 13 * MIN);
    expect(twice.ok ? null : twice.error.message).toBe('That task is already in review.');
    // The review passes 30 minutes later: done, with the 12 minutes worked, not 42.
    const done = await finishTask(db, { sessionId, taskId: ids[0]!, outcome: 'done', autoAdvance: true }, T0 + 42 * MIN);
    expect(done.ok && done.value.task).toMatchObject({ status: 'done', actualMinutes: 12 });
    expect(done.ok && done.value.next).toBeNull(); // the task in progress stays the one in progress
    expect((await db.tasks.get(ids[1]!))!.status).toBe('in_progress');
    expect(await loadOutcomes(db)).toEqual([{ category: 'bug', kind: 'marker', estimateMinutes: 20, actualMinutes: 12, endedAt: T0 + 42 * MIN }]);
  });

  it('starting another task puts the current one back to pending and splits the time', async () => {
    await startTask(db, { sessionId, taskId: ids[2]! }, T0 + 10 * MIN);
    expect((await db.tasks.get(ids[0]!))!.status).toBe('pending');
    const r = await finishTask(db, { sessionId, taskId: ids[2]!, outcome: 'done', autoAdvance: true }, T0 + 16 * MIN);
    expect(r.ok && r.value.task.actualMinutes).toBe(6);
    expect(r.ok && r.value.next?.id).toBe(ids[0]);
  });

  it('extends by whole minutes within limits and refuses anything else in one sentence', async () => {
    const r = await extendSession(db, sessionId, 5, T0 + MIN);
    expect(r.ok && r.value.deadlineAt).toBe(T0 + 65 * MIN);
    const bad = await extendSession(db, sessionId, 500, T0 + MIN);
    expect(bad.ok ? '' : bad.error.message).toBe('A session can be extended by 1 to 120 minutes at a time.');
  });

  it('refuses actions on a session that ended', async () => {
    await endSession(db, sessionId, T0 + 20 * MIN, 'completed');
    const r = await finishTask(db, { sessionId, taskId: ids[0]!, outcome: 'done', autoAdvance: true }, T0 + 21 * MIN);
    expect(r.ok ? '' : r.error.code).toBe('not_running');
    expect((await pauseSession(db, sessionId, T0)).ok).toBe(false);
  });
});

describe('summary at the end', () => {
  it('writes the summary and handoff with estimate vs actual and what changed', async () => {
    await finishTask(db, { sessionId, taskId: ids[0]!, outcome: 'done', autoAdvance: true }, T0 + 25 * MIN);
    await endSession(db, sessionId, T0 + 40 * MIN, 'completed');
    expect((await db.tasks.get(ids[1]!))!.actualMinutes).toBe(15);
    const r = await summarizeSession(db, sessionId, [{ id: 'test:c.test.ts:sums', kind: 'failing_test', name: 'sums', file: 'c.test.ts' }]);
    expect(r.ok).toBe(true);
    const row = (await db.sessions.get(sessionId))!;
    expect(row.summary).toContain('1 of 3 tasks done, 0 skipped. Worked 40 min of a 60 min budget');
    expect(row.summary).toContain('| FIXME in a.ts:1: crash | done | 20 min | 25 min | +5 min (+25 %) |');
    expect(row.summary).toContain('- Resolved FIXME in a.ts: // FIXME: crash');
    expect(row.summary).toContain('- Markers: 3 → 0');
    expect(row.handoff).toContain('**Fix failing test sums** (you were in the middle of it)');
    expect(row.handoff).toContain('## Still failing\n\n- sums in c.test.ts');
    expect(row.nextGoal).toBe('Finish: Fix failing test sums');
  });

  it('refuses to summarize a session still running', async () => {
    const r = await summarizeSession(db, sessionId);
    expect(r.ok ? '' : r.error.code).toBe('not_ended');
  });
});
