import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Signal } from '../../../shared/domain/signal';
import type { PlannedTask } from '../../../shared/domain/task';
import { planWithClaude, type ClaudePlanDeps } from '../../../shared/planner/claude-planner';
import { startFakeAnthropic, type FakeAnthropic } from '../test-support/fake-anthropic';
import { anthropicPort } from '../../../shared/planner/anthropic-port';

let fake: FakeAnthropic;
beforeEach(async () => {
  fake = await startFakeAnthropic();
});
afterEach(async () => {
  await fake.close();
});

const signals: Signal[] = [
  { id: 'test:cart.test.ts:sums', kind: 'failing_test', name: 'sums', file: 'cart.test.ts', message: 'expected 0' },
  { id: 'marker:src/cart.ts:2', kind: 'marker', file: 'src/cart.ts', line: 2, tag: 'FIXME', text: '// FIXME: empty cart' },
];
const task = (title: string, sources: string[], estimateMinutes = 20, category = 'bug'): PlannedTask => ({ title, category: category as PlannedTask['category'], estimateMinutes, rationale: 'because', sources });
const TASKS = [task('Fix failing test sums', ['test:cart.test.ts:sums']), task('Fix the empty cart FIXME', ['marker:src/cart.ts:2']), task('Tidy the cart module', ['goal'], 10, 'refactor')];
const input = { goal: 'Fix the cart', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, signals };
const stages: string[] = [];
const deps = (extra: Partial<ClaudePlanDeps> = {}): ClaudePlanDeps => ({
  port: anthropicPort({ apiKey: 'sk-ant-test-key', baseURL: fake.url }),
  model: 'claude-sonnet-4-5',
  sleep: async () => {},
  onStage: (s) => stages.push(s),
  ...extra,
});

describe('planning with Claude against a local server speaking the real SSE format', () => {
  it('streams each task the moment it is complete, within 100 ms of its last byte, then returns the checked plan', async () => {
    fake.queue = [{ kind: 'plan', tasks: TASKS, delayMs: 250 }];
    const seen: Array<{ title: string; at: number }> = [];
    const r = await planWithClaude(input, deps({ onTask: (t) => seen.push({ title: t.title, at: Date.now() }) }));
    expect(r.cancelled).toBe(false);
    if (r.cancelled) return;
    expect(r.plan).toMatchObject({ planner: 'claude', totalMinutes: 50 });
    expect(r.plan.tasks.map((t) => t.title)).toEqual(TASKS.map((t) => t.title));
    expect(seen.map((s) => s.title)).toEqual(TASKS.map((t) => t.title));
    const sentAt = fake.taskSentAt[0]!;
    seen.forEach((s, i) => {
      expect(s.at - sentAt[i]!).toBeLessThanOrEqual(100);
      // Shown before the next task was even sent: streamed, not at the end.
      if (i + 1 < sentAt.length) expect(s.at).toBeLessThan(sentAt[i + 1]!);
    });
    // The key went in the request headers, the plan tool was forced, the signals were fenced.
    const req = fake.requests[0]!;
    expect(JSON.stringify(req.headers)).toContain('sk-ant-test-key');
    expect(req.body).toMatchObject({ model: 'claude-sonnet-4-5', stream: true, tool_choice: { type: 'tool', name: 'submit_plan' } });
    expect(String((req.body.messages as Array<{ content: string }>)[0]!.content)).toContain('<signals>');
    expect(r.usage).toMatchObject({ calls: 1, inputTokens: 1200, outputTokens: 350 });
    expect(r.usage.cost).toBeCloseTo((1200 * 3 + 350 * 15) / 1e6, 8);
  });

  it('invalid tool input gets one repair turn quoting the error, then the repaired plan is used', async () => {
    fake.queue = [{ kind: 'raw', json: '{"tasks": [{"title": 5, "category": "bug"}]}' }, { kind: 'plan', tasks: TASKS }];
    const restarts: number[] = [];
    const r = await planWithClaude(input, deps({ onRestart: () => restarts.push(1) }));
    expect(r.cancelled === false && r.plan.planner).toBe('claude');
    expect(fake.requests).toHaveLength(2);
    const second = fake.requests[1]!.body.messages as Array<{ role: string; content: unknown }>;
    expect(second.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(second[2]!.content)).toMatch(/"is_error":true.*task 1: title/);
    expect(restarts).toHaveLength(1);
  });

  it('truncated JSON (cut at the token limit) that stays bad after the repair falls back to the offline planner with a notice', async () => {
    fake.queue = [{ kind: 'raw', json: '{"tasks": [{"title": "Fix', stopReason: 'max_tokens' }];
    const r = await planWithClaude(input, deps());
    expect(r.cancelled === false && r.plan.planner).toBe('offline');
    expect(r.cancelled === false && r.plan.notices[0]).toMatch(/^Claude's plan was still invalid after a repair \(the answer was cut off at the token limit; make the plan shorter\)\. This plan is from the offline planner\.$/);
  });

  it('retries 529 with backoff, then succeeds', async () => {
    fake.queue = [{ kind: 'status', status: 529, errorType: 'overloaded_error' }, { kind: 'status', status: 529, errorType: 'overloaded_error' }, { kind: 'plan', tasks: TASKS }];
    const waits: number[] = [];
    const r = await planWithClaude(input, deps({ sleep: async (ms) => void waits.push(ms) }));
    expect(r.cancelled === false && r.plan.planner).toBe('claude');
    expect(waits).toEqual([1000, 2000]);
    expect(stages.some((s) => s.startsWith('Claude is overloaded (529). Retrying in 1 s (1 of 3)'))).toBe(true);
  });

  it('gives up after the retries and plans offline, saying why', async () => {
    fake.queue = [{ kind: 'status', status: 529, errorType: 'overloaded_error' }];
    const r = await planWithClaude(input, deps());
    expect(fake.requests).toHaveLength(4);
    expect(r.cancelled === false && r.plan).toMatchObject({ planner: 'offline' });
    expect(r.cancelled === false && r.plan.notices[0]).toBe('Claude is overloaded (529). It still failed after 3 retries. This plan is from the offline planner.');
  });

  it('honours retry-after on a 429', async () => {
    fake.queue = [{ kind: 'status', status: 429, errorType: 'rate_limit_error', retryAfter: 7 }, { kind: 'plan', tasks: TASKS }];
    const waits: number[] = [];
    await planWithClaude(input, deps({ sleep: async (ms) => void waits.push(ms) }));
    expect(waits).toEqual([7000]);
  });

  it('an error event mid-stream and a dropped connection are retried, and the shown tasks start over', async () => {
    fake.queue = [{ kind: 'error-event', afterTasks: 1, tasks: TASKS, errorType: 'overloaded_error' }, { kind: 'disconnect', afterTasks: 2, tasks: TASKS }, { kind: 'plan', tasks: TASKS }];
    let shown: string[] = [];
    const r = await planWithClaude(input, deps({ onTask: (t) => shown.push(t.title), onRestart: () => (shown = []) }));
    expect(fake.requests).toHaveLength(3);
    expect(r.cancelled === false && r.plan.planner).toBe('claude');
    expect(shown).toEqual(TASKS.map((t) => t.title));
  });

  it('a refused key falls back at once, without retrying', async () => {
    fake.queue = [{ kind: 'status', status: 401, errorType: 'authentication_error' }];
    const r = await planWithClaude(input, deps());
    expect(fake.requests).toHaveLength(1);
    expect(r.cancelled === false && r.plan.notices[0]).toBe('Claude refused the API key (401): check it in Settings. This plan is from the offline planner.');
  });

  it('a cancel aborts the request and returns no plan', async () => {
    fake.queue = [{ kind: 'plan', tasks: TASKS, delayMs: 400 }];
    const controller = new AbortController();
    const r = await planWithClaude(input, deps({ signal: controller.signal, onTask: () => controller.abort() }));
    expect(r.cancelled).toBe(true);
  });

  it('applies the hard rules to what Claude returns: budget, known sources, no duplicates, tests named', async () => {
    fake.queue = [
      {
        kind: 'plan',
        tasks: [task('Fix the cart maths', ['test:cart.test.ts:sums'], 30), task('Fix the cart maths', ['goal'], 10), task('Invented work', ['marker:nowhere.ts:1'], 10), task('Huge', ['goal'], 400)],
      },
    ];
    const r = await planWithClaude(input, deps());
    if (r.cancelled) throw new Error('cancelled');
    expect(r.plan.tasks.map((t) => t.title)).toEqual(['Fix the cart maths (test: sums)']);
    expect(r.plan.totalMinutes).toBeLessThanOrEqual(60);
  });
});
