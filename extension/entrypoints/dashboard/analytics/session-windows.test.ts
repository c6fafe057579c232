import { describe, expect, it } from 'vitest';
import { ANALYTICS_LIMITS } from '../../../../shared/protocol/analytics-methods';
import { sessionWindows } from './session-windows';

const M = 60_000;
const T0 = Date.UTC(2026, 2, 1, 9);

describe('sessionWindows', () => {
  it('sends each started session’s workspace, span and task intervals, newest first; a running one up to now', () => {
    const { windows, leftOut } = sessionWindows(
      [
        { id: 's1', workspaceId: 'w', startedAt: T0, endedAt: T0 + 60 * M },
        { id: 's2', workspaceId: 'w', startedAt: T0 + 120 * M },
        { id: 'planned', workspaceId: 'w' },
        { id: 'orphan', workspaceId: 'gone', startedAt: T0 },
      ],
      [{ id: 'w', path: '/code/shop' }],
      [
        { sessionId: 's1', at: T0, type: 'task_started', taskId: 'a' },
        { sessionId: 's1', at: T0 + 30 * M, type: 'task_done', taskId: 'a' },
        { sessionId: 's2', at: T0 + 120 * M, type: 'task_started', taskId: 'b' },
      ],
      T0 + 150 * M,
    );
    expect(leftOut).toBe(0);
    expect(windows).toEqual([
      { path: '/code/shop', from: T0 + 120 * M, to: T0 + 150 * M, tasks: [{ taskId: 'b', intervals: [[T0 + 120 * M, T0 + 150 * M]] }] },
      { path: '/code/shop', from: T0, to: T0 + 60 * M, tasks: [{ taskId: 'a', intervals: [[T0, T0 + 30 * M]] }] },
    ]);
  });

  it('stays within the protocol’s limits and counts the sessions left out', () => {
    const sessions = Array.from({ length: ANALYTICS_LIMITS.sessions + 5 }, (_, i) => ({ id: `s${i}`, workspaceId: 'w', startedAt: T0 + i * M, endedAt: T0 + i * M + 1 }));
    const { windows, leftOut } = sessionWindows(sessions, [{ id: 'w', path: '/p' }], [], T0 + 1e9);
    expect(windows).toHaveLength(ANALYTICS_LIMITS.sessions);
    expect(leftOut).toBe(5);
    expect(windows[0]!.from).toBe(T0 + (ANALYTICS_LIMITS.sessions + 4) * M);
  });
});
