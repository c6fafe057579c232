import { describe, expect, it } from 'vitest';
import { newCodexState, readCodexLine } from './codex-session';
import { codexApplyPatch, codexMeta, codexTokenCount, codexTurn } from './log-fixtures';
import type { UsageRecord } from './usage-record';

function readAll(lines: string[]) {
  const state = newCodexState();
  const out = lines.map((l) => readCodexLine(l, state, '2025/09/10/rollout-x'));
  return { records: out.filter((o): o is UsageRecord => typeof o === 'object'), outcomes: out, state };
}

describe('Codex rollouts', () => {
  it('uses last_token_usage per turn, splits cached input out, and takes the model from turn_context', () => {
    const { records } = readAll([
      codexMeta('2025-09-10T10:00:00.000Z', '/home/dev/app'),
      codexTurn('2025-09-10T10:00:01.000Z', 'gpt-5-codex'),
      codexTokenCount('2025-09-10T10:00:05.000Z', [1000, 200, 100, 50], [1000, 200, 100, 50]),
      codexTurn('2025-09-10T10:01:00.000Z', 'gpt-5'),
      codexTokenCount('2025-09-10T10:01:05.000Z', [2500, 700, 300, 60], [1500, 500, 200, 10]),
    ]);
    expect(records.map((r) => [r.model, r.inputTokens, r.cacheReadTokens, r.outputTokens])).toEqual([
      ['gpt-5-codex', 800, 200, 100],
      ['gpt-5', 1000, 500, 200],
    ]);
    expect(records[0]).toMatchObject({ agent: 'codex', sessionId: 'codex-session-1', cwd: '/home/dev/app' });
  });

  it('takes the difference of cumulative totals when there is no per-turn usage, and never counts a repeated total twice', () => {
    const { records } = readAll([
      codexTurn('2025-09-10T10:00:01.000Z', 'gpt-5-codex'),
      codexTokenCount('2025-09-10T10:00:05.000Z', [1000, 200, 100, 50]),
      codexTokenCount('2025-09-10T10:00:06.000Z', [1000, 200, 100, 50], [1000, 200, 100, 50]),
      codexTokenCount('2025-09-10T10:01:05.000Z', [3000, 1200, 300, 60]),
    ]);
    expect(records.map((r) => [r.inputTokens, r.cacheReadTokens, r.outputTokens])).toEqual([
      [800, 200, 100],
      [1000, 1000, 200],
    ]);
    expect(records[0]!.sessionId).toBe('2025/09/10/rollout-x');
  });

  it('attributes apply_patch files (resolved against cwd) to the next usage, and counts broken lines as malformed', () => {
    const { records, outcomes } = readAll([
      codexMeta('2025-09-10T10:00:00.000Z', '/home/dev/app'),
      codexTurn('2025-09-10T10:00:01.000Z', 'gpt-5-codex'),
      codexApplyPatch('2025-09-10T10:00:02.000Z', 'src/a.ts'),
      '{"timestamp":"2025-09-10T10:00:03.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_',
      codexTokenCount('2025-09-10T10:00:05.000Z', [1000, 0, 100, 0], [1000, 0, 100, 0]),
      codexTokenCount('2025-09-10T10:00:09.000Z', [2000, 0, 200, 0], [1000, 0, 100, 0]),
    ]);
    expect(outcomes[3]).toBe('malformed');
    expect(records.map((r) => r.files)).toEqual([['/home/dev/app/src/a.ts'], null]);
  });
});
