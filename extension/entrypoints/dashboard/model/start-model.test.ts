import { describe, expect, it } from 'vitest';
import { createDb } from '../../../lib/db/db';
import { loadStartContext } from './start-model';

const base = { budgetMinutes: 30, focus: { bugs: 1, features: 1, refactor: 1 }, planner: 'offline' as const };

describe('what the Start step offers', () => {
  it('recent goals once each (newest first), the last ended session’s next goal, and this workspace’s backlog', async () => {
    const db = createDb(`start-${crypto.randomUUID()}`);
    await db.sessions.bulkAdd([
      { ...base, id: 'a', workspaceId: 'w', goal: 'Ship search', status: 'completed', createdAt: 1, endedAt: 2, nextGoal: 'Old next goal' },
      { ...base, id: 'b', workspaceId: 'w', goal: 'ship search ', status: 'cancelled', createdAt: 3, endedAt: 4 },
      { ...base, id: 'c', workspaceId: 'other', goal: 'Elsewhere', status: 'completed', createdAt: 5, endedAt: 6, nextGoal: 'Not this one' },
      { ...base, id: 'd', workspaceId: 'w', goal: 'Fix login', status: 'completed', createdAt: 7, endedAt: 8, nextGoal: 'Add rate limiting' },
      { ...base, id: 'e', workspaceId: 'w', goal: 'Planning now', status: 'selecting', createdAt: 9 },
    ]);
    await db.backlog.bulkAdd([
      { id: 'b2', workspaceId: 'w', title: 'Second', createdAt: 20 },
      { id: 'b1', workspaceId: 'w', title: 'First', createdAt: 10 },
      { id: 'bx', workspaceId: 'other', title: 'Not here', createdAt: 5 },
    ]);
    const ctx = await loadStartContext(db, 'w');
    expect(ctx.recentGoals).toEqual(['Planning now', 'Fix login', 'ship search']);
    expect(ctx.handoff).toEqual({ goal: 'Add rate limiting', endedAt: 8 });
    expect(ctx.backlog.map((b) => b.title)).toEqual(['First', 'Second']);
    expect((await loadStartContext(db, 'nobody')).handoff).toBeNull();
  });
});
