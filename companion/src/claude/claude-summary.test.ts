import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anthropicPort } from '../../../shared/planner/anthropic-port';
import { summarizeWithClaude } from '../../../shared/summary/claude-summary';
import type { SummaryInput } from '../../../shared/summary/offline-summary';
import { startFakeAnthropic, type FakeAnthropic } from '../test-support/fake-anthropic';

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await startFakeAnthropic();
});
afterEach(async () => {
  await fake.close();
});

const input: SummaryInput = {
  goal: 'Fix the cart',
  workspaceName: 'shop',
  budgetMinutes: 60,
  workedMinutes: 48,
  outcome: 'completed',
  when: 'Sun 22 Nov 2026, 09:00–10:00',
  tasks: [
    { order: 0, title: 'Fix failing test sums', category: 'bug', status: 'done', estimateMinutes: 20, actualMinutes: 31, notes: 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789 in a note', sources: ['test:c:sums'] },
    { order: 1, title: 'Add coupons', category: 'feature', status: 'in_progress', estimateMinutes: 20, actualMinutes: 17, notes: '', sources: ['goal'] },
  ],
  signalsAtStart: [],
};
const deps = () => ({ port: anthropicPort({ apiKey: 'sk-ant-test', baseURL: fake.url }), model: 'claude-sonnet-4-5', sleep: async () => {} });

describe('the summary and handoff by Claude', () => {
  it('uses Claude\'s summary, handoff and next goal, with the secrets in notes redacted from the prompt', async () => {
    fake.queue = [{ kind: 'raw', toolName: 'submit_summary', json: JSON.stringify({ summary: '# Session summary\n\nSums fixed (31 of 20 min).', handoff: 'Next: finish coupons.', nextGoal: 'Finish coupons' }) }];
    const r = await summarizeWithClaude(input, deps());
    expect(r.by).toBe('claude');
    expect(r.writeUp).toEqual({ summary: '# Session summary\n\nSums fixed (31 of 20 min).\n', handoff: '# Start here tomorrow\n\nNext: finish coupons.\n', nextGoal: 'Finish coupons' });
    expect(JSON.stringify(fake.requests[0]!.body)).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    expect(r.usage.calls).toBe(1);
  });

  it('falls back to the offline template with a notice on a refused key or an unusable answer', async () => {
    fake.queue = [{ kind: 'status', status: 401, errorType: 'authentication_error' }];
    const refused = await summarizeWithClaude(input, deps());
    expect(refused).toMatchObject({ by: 'offline', notice: "Claude refused the API key (401). The summary is SessionPilot's own." });
    expect(refused.writeUp.handoff).toContain('# Start here tomorrow');
    fake.queue = [{ kind: 'raw', toolName: 'submit_summary', json: '{"summary": "x"' }];
    expect((await summarizeWithClaude(input, deps())).by).toBe('offline');
  });

  it('retries once when Claude is overloaded', async () => {
    fake.queue = [{ kind: 'status', status: 529, errorType: 'overloaded_error' }, { kind: 'raw', toolName: 'submit_summary', json: JSON.stringify({ summary: 'A summary long enough to keep.', handoff: '# Start here tomorrow\nGo.', nextGoal: '' }) }];
    const r = await summarizeWithClaude(input, deps());
    expect(r.by).toBe('claude');
    expect(fake.requests).toHaveLength(2);
  });
});
