import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MethodParams } from '../../../../shared/protocol/methods';
import { fail, ok } from '../../../../shared/result';
import { createDb, type SessionPilotDb } from '../../../lib/db/db';
import { createAnalyticsModel, type AnalyticsModel, type UsageAnalytics } from './analytics-model';

const M = 60_000;
const now = new Date(2026, 2, 10, 12, 0).getTime();
const answer = (over: Partial<UsageAnalytics> = {}): UsageAnalytics => ({
  daily: [],
  totals: { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, totalTokens: 0, totalCost: 0, unpricedModels: [] },
  dailyByModel: [],
  byModel: [],
  byFolder: [],
  blocks: [],
  byTask: {},
  sessionsOutsideRoots: 0,
  at: now,
  notices: [],
  ...over,
});

let db: SessionPilotDb;
let model: AnalyticsModel | undefined;
afterEach(() => {
  model?.dispose();
  db?.close();
});

async function seed(): Promise<void> {
  db = createDb(`analytics-${crypto.randomUUID()}`);
  const at = now - 60 * M;
  await db.workspaces.add({ id: 'w', name: 'shop', path: '/code/shop', createdAt: at, updatedAt: at });
  await db.sessions.add({ id: 's1', workspaceId: 'w', goal: 'g', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'active', createdAt: at, startedAt: at, deadlineAt: now + 60 * M });
  await db.tasks.add({ id: 't1', sessionId: 's1', order: 0, title: 'Fix', category: 'bug', estimateMinutes: 20, rationale: '', sources: ['goal'], status: 'in_progress', notes: '', createdAt: at, updatedAt: at });
  await db.events.add({ sessionId: 's1', at, type: 'session_started' });
  await db.events.add({ sessionId: 's1', at, type: 'task_started', taskId: 't1' });
  // An old session, outside the last 30 days.
  const old = now - 90 * 86_400_000;
  await db.sessions.add({ id: 'old', workspaceId: 'w', goal: 'g', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', createdAt: old, startedAt: old, endedAt: old + 30 * M });
}

function make(call: (p: MethodParams<'usage.analytics'>) => Promise<ReturnType<typeof ok<UsageAnalytics>> | ReturnType<typeof fail>>) {
  let usageListener: () => void = () => {};
  model = createAnalyticsModel({ db, call, onUsage: (l) => ((usageListener = l), () => {}), now: () => now, debounceMs: 20 });
  return { broadcast: () => usageListener() };
}

describe('the analytics model', () => {
  it('loads the range’s sessions from Dexie and asks the companion with their task windows', async () => {
    await seed();
    const calls: MethodParams<'usage.analytics'>[] = [];
    make(async (p) => (calls.push(p), ok(answer({ byTask: { t1: { turns: 2, inputTokens: 5, outputTokens: 5, cacheCreationTokens: 0, cacheReadTokens: 0, totalTokens: 10, cost: 0.5, unpricedModels: [] } } }))));
    await vi.waitFor(() => expect(model!.usage.value.status).toBe('ready'));
    expect(model!.local.value!.sessions.map((s) => s.id)).toEqual(['s1']);
    expect(model!.local.value!.live).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ since: '2026-02-09', until: '2026-03-10', sessions: [{ path: '/code/shop', from: now - 60 * M, to: now, tasks: [{ taskId: 't1', intervals: [[now - 60 * M, now]] }] }] });
    expect(model!.usage.value.data!.byTask.t1!.cost).toBe(0.5);
  });

  it('fetches again (once) after a burst of usage broadcasts, and when a task changes', async () => {
    await seed();
    let n = 0;
    const { broadcast } = make(async () => (n++, ok(answer())));
    await vi.waitFor(() => expect(n).toBe(1));
    broadcast();
    broadcast();
    broadcast();
    await vi.waitFor(() => expect(n).toBe(2));
    await new Promise((r) => setTimeout(r, 60));
    expect(n).toBe(2);
    await db.events.add({ sessionId: 's1', at: now, type: 'task_done', taskId: 't1' });
    await vi.waitFor(() => expect(n).toBe(3));
  });

  it('re-reads Dexie and the companion for a new range', async () => {
    await seed();
    const calls: MethodParams<'usage.analytics'>[] = [];
    make(async (p) => (calls.push(p), ok(answer())));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    model!.choosePreset('all');
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).not.toHaveProperty('since');
    expect(model!.local.value!.sessions.map((s) => s.id).sort()).toEqual(['old', 's1']);
    model!.chooseRange({ since: '2025-12-01', until: '2025-12-31' });
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    expect(model!.preset.value).toBe('custom');
    expect(model!.local.value!.sessions.map((s) => s.id)).toEqual(['old']);
  });

  it('says the companion is unavailable, keeps the Dexie side, and fetches when it connects', async () => {
    await seed();
    let up = false;
    make(async () => (up ? ok(answer()) : fail('companion_unavailable', 'The companion is not connected.')));
    model!.companionState('not_running');
    await vi.waitFor(() => expect(model!.usage.value.status).toBe('failed'));
    expect(model!.usage.value.error!.code).toBe('companion_unavailable');
    expect(model!.local.value!.sessions).toHaveLength(1);
    up = true;
    model!.companionState('connected');
    await vi.waitFor(() => expect(model!.usage.value.status).toBe('ready'));
    expect(model!.usage.value.error).toBeNull();
  });
});
