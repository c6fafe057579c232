import { describe, expect, it } from 'vitest';
import type { Session } from '../../../shared/domain/session';
import { isInside, linkedSession, workspaceOfCwd } from './agent-session-links';

const ws = [
  { id: 'w1', name: 'shop', path: '/src/shop' },
  { id: 'w2', name: 'shop api', path: '/src/shop/api/' },
  { id: 'w3', name: 'win', path: 'C:\\Code\\App' },
];

function session(id: string, startedAt: number | undefined, endedAt: number | undefined, extra: Partial<Session> = {}): Session {
  return { id, workspaceId: 'w1', goal: id, budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', createdAt: startedAt ?? 0, startedAt, endedAt, ...extra };
}

describe('agent session → workspace', () => {
  it('is inside a folder only at a separator', () => {
    expect(isInside('/src/shop', '/src/shop')).toBe(true);
    expect(isInside('/src/shop/web', '/src/shop/')).toBe(true);
    expect(isInside('/src/shop-old', '/src/shop')).toBe(false);
    expect(isInside('/src', '/src/shop')).toBe(false);
    expect(isInside('c:/code/app/x', 'C:\\Code\\App')).toBe(true);
  });
  it('picks the deepest workspace holding the cwd', () => {
    expect(workspaceOfCwd('/src/shop/api/routes', ws)?.id).toBe('w2');
    expect(workspaceOfCwd('/src/shop/web', ws)?.id).toBe('w1');
    expect(workspaceOfCwd('/elsewhere', ws)).toBeNull();
    expect(workspaceOfCwd(null, ws)).toBeNull();
  });
});

describe('agent session → SessionPilot session', () => {
  const agent = { startedAt: 1_000, endedAt: 2_000 };
  it('links the overlapping session of the workspace, the one overlapping most', () => {
    const sessions = [session('before', 0, 999), session('little', 1_900, 3_000), session('most', 500, 1_800), session('other-ws', 1_000, 2_000, { workspaceId: 'w2' })];
    expect(linkedSession(agent, 'w1', sessions, 10_000)?.id).toBe('most');
  });
  it('counts a running session up to now, and never links one that did not start', () => {
    expect(linkedSession(agent, 'w1', [session('running', 1_500, undefined, { status: 'active' })], 1_600)?.id).toBe('running');
    expect(linkedSession(agent, 'w1', [session('planned', undefined, undefined, { status: 'selecting' })], 1_600)).toBeNull();
  });
  it('links nothing when no session overlaps', () => {
    expect(linkedSession(agent, 'w1', [session('later', 2_001, 3_000)], 10_000)).toBeNull();
  });
});
