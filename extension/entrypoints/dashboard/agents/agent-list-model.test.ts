import { signal } from '@preact/signals';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../shared/domain/workspace';
import { createDb, type SessionPilotDb } from '../../../lib/db/db';
import { agentSessionsParams, createAgentListModel, EMPTY_FILTERS, loadAgentList, PAGE_SIZE } from './agent-list-model';
import { fakeAgentCompanion, summary } from './fake-agent-companion';

const DAY = 86_400_000;
const t0 = new Date(2026, 10, 20, 9).getTime();
const workspaces: Workspace[] = [
  { id: 'w1', name: 'shop', path: '/src/shop', createdAt: 0, updatedAt: 0 },
  { id: 'w2', name: 'blog', path: '/src/blog', createdAt: 0, updatedAt: 0 },
];

let db: SessionPilotDb;
beforeEach(async () => {
  db = createDb(`agent-list-${crypto.randomUUID()}`);
  await db.open();
});

const many = Array.from({ length: 250 }, (_, i) =>
  summary(`s${i}`, { agent: i % 5 === 0 ? 'codex' : 'claude', cwd: i % 2 ? '/src/blog/web' : '/src/shop', startedAt: t0 - i * 3_600_000, endedAt: t0 - i * 3_600_000 + 1_800_000 }),
);

describe('agent list: what the companion is asked', () => {
  it('maps filters to params: the workspace to its folder, local days to a time range', () => {
    const params = agentSessionsParams({ ...EMPTY_FILTERS, query: '  cart  ', agent: 'codex', workspaceId: 'w2', from: '2026-11-19', to: '2026-11-20' }, workspaces);
    expect(params).toEqual({ query: 'cart', agent: 'codex', path: '/src/blog', from: new Date(2026, 10, 19).getTime(), to: new Date(2026, 10, 21).getTime() - 1 });
    expect(agentSessionsParams(EMPTY_FILTERS, workspaces)).toEqual({});
  });
});

describe('agent list: a page', () => {
  it('pages through the companion, 100 at a time, with the total', async () => {
    const fake = fakeAgentCompanion(many);
    const deps = { db, call: fake.call, now: () => t0 };
    const first = await loadAgentList(EMPTY_FILTERS, workspaces, new Map(), deps);
    expect(first.ok && [first.value.rows.length, first.value.total, first.value.rows[0]?.key]).toEqual([PAGE_SIZE, 250, 'codex:s0']);
    const third = await loadAgentList({ ...EMPTY_FILTERS, offset: 200 }, workspaces, new Map(), deps);
    expect(third.ok && [third.value.rows.length, third.value.offset]).toEqual([50, 200]);
  });

  it('names the workspace and the SessionPilot session each agent session ran in', async () => {
    await db.sessions.bulkPut([
      { id: 'sp-shop', workspaceId: 'w1', goal: 'Fix the cart', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', createdAt: t0 - 600_000, startedAt: t0 - 600_000, endedAt: t0 + 3_600_000 },
      { id: 'sp-blog', workspaceId: 'w2', goal: 'Blog', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', createdAt: t0 - 5 * DAY, startedAt: t0 - 5 * DAY, endedAt: t0 - 5 * DAY + 3_600_000 },
    ]);
    const fake = fakeAgentCompanion(many.slice(0, 3));
    const r = await loadAgentList(EMPTY_FILTERS, workspaces, new Map(), { db, call: fake.call, now: () => t0 });
    expect(r.ok && r.value.rows.map((row) => [row.key, row.workspace?.name ?? null, row.spSession?.id ?? null])).toEqual([
      ['codex:s0', 'shop', 'sp-shop'],
      ['claude:s1', 'blog', null],
      ['claude:s2', 'shop', null],
    ]);
  });

  it('filters by rating here, over the newest sessions the companion lists', async () => {
    const fake = fakeAgentCompanion(many);
    const reviews = new Map([
      ['claude:s3', { id: 'claude:s3', agent: 'claude' as const, sessionId: 's3', rating: 'needs_fix' as const, note: '', links: [], createdAt: 0, updatedAt: 0 }],
      ['claude:s201', { id: 'claude:s201', agent: 'claude' as const, sessionId: 's201', rating: 'needs_fix' as const, note: '', links: [], createdAt: 0, updatedAt: 0 }],
      ['claude:s4', { id: 'claude:s4', agent: 'claude' as const, sessionId: 's4', rating: 'ok' as const, note: '', links: [], createdAt: 0, updatedAt: 0 }],
    ]);
    const r = await loadAgentList({ ...EMPTY_FILTERS, rating: 'needs_fix' }, workspaces, reviews, { db, call: fake.call, now: () => t0 });
    expect(r.ok && [r.value.total, r.value.rows.map((row) => row.key)]).toEqual([2, ['claude:s3', 'claude:s201']]);
    const none = await loadAgentList({ ...EMPTY_FILTERS, rating: 'none' }, workspaces, reviews, { db, call: fake.call, now: () => t0 });
    expect(none.ok && none.value.total).toBe(247);
  });

  it('passes a companion failure on as a value', async () => {
    const fake = fakeAgentCompanion(many);
    fake.failWith = { code: 'companion_unavailable', message: 'The companion is not running on port 47631.' };
    expect(await loadAgentList(EMPTY_FILTERS, workspaces, new Map(), { db, call: fake.call, now: () => t0 })).toEqual({ ok: false, error: fake.failWith });
  });
});

describe('agent list model', () => {
  it('reloads on a filter change at once, and on typing after a pause, keeping only the newest answer', async () => {
    const fake = fakeAgentCompanion(many);
    const model = createAgentListModel({ db, call: fake.call, now: () => t0, workspaces: signal(workspaces), debounceMs: 20 });
    model.setFilters({ agent: 'codex' });
    await expect.poll(() => model.page.value?.total).toBe(50);
    model.setFilters({ query: 's1' });
    model.setFilters({ query: 's12' });
    await expect.poll(() => model.page.value?.total).toBe(2); // s120, s125 among codex sessions (every 5th)
    expect(fake.calls.filter((c) => (c.params as { query?: string }).query === 's1')).toHaveLength(0);
    model.dispose();
  });

  it('follows reviews live from Dexie', async () => {
    const model = createAgentListModel({ db, call: fakeAgentCompanion([]).call, now: () => t0, workspaces: signal(workspaces) });
    await db.agentReviews.put({ id: 'claude:x', agent: 'claude', sessionId: 'x', rating: 'partial', note: '', links: [], createdAt: 1, updatedAt: 1 });
    await expect.poll(() => model.reviews.value.get('claude:x')?.rating).toBe('partial');
    model.dispose();
  });
});
