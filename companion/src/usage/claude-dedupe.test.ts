import { describe, expect, it } from 'vitest';
import { ClaudeDedupe } from './claude-dedupe';
import type { UsageRecord } from './usage-record';

const rec = (r: Partial<UsageRecord>): UsageRecord => ({
  agent: 'claude',
  timestamp: Date.parse('2025-06-01T10:00:00Z'),
  sessionId: 's1',
  messageId: 'msg_1',
  requestId: 'req_1',
  isSidechain: false,
  model: 'claude-sonnet-4-20250514',
  cwd: '/w',
  costUSD: null,
  inputTokens: 1,
  outputTokens: 10,
  cacheCreationTokens: 0,
  cacheWrite1hTokens: 0,
  cacheReadTokens: 0,
  files: null,
  ...r,
});

const run = (records: UsageRecord[]) => {
  const d = new ClaudeDedupe((r) => r.outputTokens);
  for (const r of records) d.add(r);
  return d.kept;
};

describe('ClaudeDedupe (ccusage 20.0.24 rules)', () => {
  it('keeps the copy with the most tokens, and its timestamp, whichever comes first', () => {
    const late = Date.parse('2025-06-02T00:00:05Z');
    const grow = run([rec({ outputTokens: 40 }), rec({ outputTokens: 400, timestamp: late })]);
    expect(grow).toHaveLength(1);
    expect(grow[0]).toMatchObject({ outputTokens: 400, timestamp: late });
    const shrink = run([rec({ outputTokens: 400 }), rec({ outputTokens: 40, timestamp: late })]);
    expect(shrink[0]).toMatchObject({ outputTokens: 400, timestamp: Date.parse('2025-06-01T10:00:00Z') });
  });

  it('merges the edited files of all lines of one response', () => {
    const kept = run([rec({ files: ['/w/a.ts'] }), rec({ files: ['/w/b.ts'] }), rec({ files: ['/w/a.ts'] })]);
    expect(kept[0]!.files).toEqual(['/w/a.ts', '/w/b.ts']);
  });

  it('counts a response copied into another session once, and keeps distinct request ids apart', () => {
    expect(run([rec({ sessionId: 's1' }), rec({ sessionId: 's2' })])).toHaveLength(1);
    expect(run([rec({ requestId: 'req_1' }), rec({ requestId: 'req_2', outputTokens: 11 })])).toHaveLength(2);
  });

  it('drops a sidechain replay of a parent message (new request id, any time), keeping the parent either way round', () => {
    const parent = rec({ requestId: 'req_p', cacheReadTokens: 20 });
    const replay = rec({ requestId: 'req_s', isSidechain: true, cacheReadTokens: 50_000, timestamp: Date.parse('2025-06-01T10:05:00Z') });
    for (const order of [[parent, replay], [replay, parent]]) {
      const kept = run(order);
      expect(kept).toHaveLength(1);
      expect(kept[0]).toMatchObject({ requestId: 'req_p', cacheReadTokens: 20 });
    }
    // The replay lives in the parent's session; elsewhere it is another response.
    expect(run([parent, { ...replay, sessionId: 's2' }])).toHaveLength(2);
  });

  it('without a request id, collapses only copies with the same session and timestamp; without a message id, keeps all', () => {
    const t2 = Date.parse('2025-06-01T10:00:05Z');
    expect(run([rec({ requestId: null }), rec({ requestId: null })])).toHaveLength(1);
    expect(run([rec({ requestId: null }), rec({ requestId: null, timestamp: t2 })])).toHaveLength(2);
    expect(run([rec({ requestId: null }), rec({ requestId: null, sessionId: 's2' })])).toHaveLength(2);
    expect(run([rec({ messageId: null }), rec({ messageId: null })])).toHaveLength(2);
  });
});
