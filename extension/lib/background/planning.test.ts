import { beforeEach, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../../shared/domain/scan';
import { createDb, type SessionPilotDb } from '../db/db';
import { recordOutcome } from '../sessions/session-actions';
import { planSession, type PlanningDeps } from './planning';

let db: SessionPilotDb;
let deps: PlanningDeps;
const scan: ScanResult = {
  root: '/src/shop',
  markers: [{ file: 'src/cart.ts', line: 2, tag: 'FIXME', text: '// FIXME: empty cart crashes' }],
  git: { isRepo: true, counts: { staged: 0, unstaged: 0, untracked: 0, conflicted: 1 }, conflicted: ['src/a.ts'] },
  tests: { checked: true, failures: [{ name: 'cart sums', file: 'cart.test.ts' }] },
  fileSet: 'git',
  filesScanned: 3,
  skipped: [],
  durationMs: 5,
};

beforeEach(async () => {
  db = createDb(`planning-${crypto.randomUUID()}`);
  await db.open();
  await db.workspaces.add({ id: 'w', name: 'shop', path: '/src/shop', createdAt: 1, updatedAt: 1 });
  let n = 0;
  deps = { db, link: { request: async () => ({ ok: true, value: scan }) } as unknown as PlanningDeps['link'], now: () => 5_000, newId: () => `id${++n}`, progress: () => {} };
});

describe('planning in the background', () => {
  it('plans from the scan, the backlog and the calibration history, and remembers what the repo said', async () => {
    await db.backlog.add({ id: 'b1', workspaceId: 'w', title: 'Write the release notes', createdAt: 4_000 });
    for (let i = 0; i < 10; i++) await recordOutcome(db, { category: 'bug', kind: 'marker', estimateMinutes: 20, actualMinutes: 40, endedAt: i });
    const r = await planSession({ workspaceId: 'w', goal: '', budgetMinutes: 240, focus: { bugs: 1, features: 1, refactor: 1 } }, deps);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sources = r.value.plan.tasks.map((t) => t.sources[0]);
    // A queued item ranks with the FIXMEs (severity 3), and it is from today.
    expect(sources).toEqual(['test:cart.test.ts:cart sums', 'git:conflicts', 'backlog:b1', 'marker:src/cart.ts:2']);
    // Ten FIXMEs that took twice their estimate make the next one longer.
    expect(r.value.plan.tasks.find((t) => t.sources[0] === 'marker:src/cart.ts:2')!.estimateMinutes).toBeGreaterThan(30);
    const session = (await db.sessions.get(r.value.sessionId))!;
    expect(session.startSignals).toEqual({ markers: 1, failingTests: ['test:cart.test.ts:cart sums'] });
  });

  it('says in one sentence why there is nothing to plan', async () => {
    deps.link = { request: async () => ({ ok: true, value: { ...scan, markers: [], git: { isRepo: true }, tests: { checked: true, failures: [] } } }) } as unknown as PlanningDeps['link'];
    const r = await planSession({ workspaceId: 'w', goal: '', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 } }, deps);
    expect(r.ok ? '' : r.error.message).toMatch(/No markers, failing tests or other signals were found and no goal was given\./);
  });
});
