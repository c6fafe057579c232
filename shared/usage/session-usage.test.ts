import { describe, expect, it } from 'vitest';
import { attributeUsage } from './session-usage';
import type { UsageEntry } from './usage-schemas';

const entry = (timestamp: number, extra: Partial<UsageEntry> = {}): UsageEntry => ({
  agent: 'claude',
  timestamp,
  sessionId: 'a1',
  cwd: '/src/shop',
  model: 'claude-sonnet-4-5',
  inputTokens: 100,
  outputTokens: 50,
  cacheCreationTokens: 10,
  cacheReadTokens: 1000,
  cost: 0.01,
  files: [],
  isSidechain: false,
  ...extra,
});

describe('attributing agent usage to a session and its tasks', () => {
  const window = { root: '/src/shop', from: 1_000, to: 10_000, tasks: [{ taskId: 't1', intervals: [[1_000, 4_000]] as [number, number][] }, { taskId: 't2', intervals: [[6_000, 10_000]] as [number, number][] }] };

  it('counts entries inside the workspace and the window, by the task in progress', () => {
    const usage = attributeUsage(
      [
        entry(2_000, { files: ['/src/shop/src/cart.ts', '/etc/hosts'] }),
        entry(3_000, { cwd: '/src/shop/packages/api', sessionId: 'a2', files: ['/src/shop/src/cart.ts'] }),
        entry(5_000), // a pause: the session's, no task's
        entry(7_000, { model: 'mystery-1', cost: null, agent: 'codex', sessionId: 'c1' }),
        entry(500), // before the session
        entry(2_500, { cwd: '/src/shopping' }), // a sibling folder, not inside
        entry(2_600, { cwd: null }),
      ],
      window,
    );
    expect(usage.total).toEqual({ turns: 4, inputTokens: 400, outputTokens: 200, cacheCreationTokens: 40, cacheReadTokens: 4000, totalTokens: 4640, cost: 0.03, unpricedModels: ['mystery-1'] });
    expect(usage.byTask.t1!.turns).toBe(2);
    expect(usage.byTask.t2).toMatchObject({ turns: 1, cost: 0, unpricedModels: ['mystery-1'] });
    expect(usage.agentSessions).toBe(3);
    expect(usage.models).toEqual(['claude-sonnet-4-5', 'mystery-1']);
    expect(usage.files).toEqual([{ file: 'src/cart.ts', edits: 2 }]);
  });

  it('gives nothing for a window no agent worked in', () => {
    expect(attributeUsage([entry(20_000)], window)).toMatchObject({ total: { turns: 0, cost: 0 }, byTask: {}, agentSessions: 0, files: [] });
  });
});
