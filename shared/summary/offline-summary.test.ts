import { describe, expect, it } from 'vitest';
import type { Signal } from '../domain/signal';
import { writeOfflineSummary, type SummaryInput, type SummaryTask } from './offline-summary';

const task = (order: number, title: string, status: SummaryTask['status'], estimateMinutes: number, actualMinutes?: number, extra: Partial<SummaryTask> = {}): SummaryTask => ({
  order, title, status, estimateMinutes, category: 'bug', notes: '', sources: ['goal'], ...(actualMinutes !== undefined ? { actualMinutes } : {}), ...extra,
});
const fixme: Signal = { id: 'marker:src/a.ts:4', kind: 'marker', file: 'src/a.ts', line: 4, tag: 'FIXME', text: '// FIXME: crash on empty cart' };
const failing: Signal = { id: 'test:cart.test.ts:sums', kind: 'failing_test', name: 'sums', file: 'cart.test.ts' };
const flaky: Signal = { id: 'test:cart.test.ts:rounds', kind: 'failing_test', name: 'rounds', file: 'cart.test.ts' };

const base: SummaryInput = {
  goal: 'Fix the cart',
  workspaceName: 'shop',
  budgetMinutes: 60,
  workedMinutes: 52,
  outcome: 'completed',
  when: 'Sun 22 Nov 2026, 09:00–10:00',
  tasks: [
    task(0, 'FIXME in src/a.ts:4: crash on empty cart', 'done', 20, 31, { sources: ['marker:src/a.ts:4'] }),
    task(1, 'Fix failing test sums', 'in_progress', 20, 12, { sources: ['test:cart.test.ts:sums'], acceptance: 'The test sums passes.', notes: 'off by one in reduce' }),
    task(2, 'Tidy the README', 'skipped', 10),
    task(3, 'Add coupons', 'pending', 15),
  ],
  signalsAtStart: [fixme, failing],
  failingAtStart: ['test:cart.test.ts:sums'],
  markersAtStart: 7,
};

describe('offline summary and handoff', () => {
  it('summarises done, skipped and unfinished work with estimate vs actual', () => {
    const { summary } = writeOfflineSummary(base);
    expect(summary).toContain('# Session summary: Fix the cart');
    expect(summary).toContain('1 of 4 tasks done, 1 skipped. Worked 52 min of a 60 min budget; 65 min were planned.');
    expect(summary).toContain('The finished tasks took 31 min against 20 min estimated (1.6×).');
    expect(summary).toContain('| FIXME in src/a.ts:4: crash on empty cart | done | 20 min | 31 min | +11 min (+55 %) |');
    expect(summary).toContain('## Skipped\n\n- Tidy the README');
    expect(summary).not.toContain('What changed');
  });

  it('reports the signals that changed when a fresh scan is given', () => {
    const moved: Signal = { ...fixme, id: 'marker:src/a.ts:9', line: 9 };
    const { summary, handoff } = writeOfflineSummary({ ...base, signalsNow: [moved, flaky, failing] });
    expect(summary).toContain('## What changed in the repo');
    expect(summary).not.toContain('Resolved FIXME');
    expect(summary).toContain('- Newly failing: rounds');
    expect(summary).toContain('- Markers: 7 → 1');
    expect(handoff).toContain('## Still failing\n\n- sums in cart.test.ts');

    const fixed = writeOfflineSummary({ ...base, signalsNow: [] });
    expect(fixed.summary).toContain('- Now passing: sums');
    expect(fixed.summary).toContain('- Resolved FIXME in src/a.ts: // FIXME: crash on empty cart');
  });

  it('hands off the task in progress first, with its acceptance and note, and offers it as the next goal', () => {
    const { handoff, nextGoal } = writeOfflineSummary(base);
    expect(handoff).toContain('## Next step\n\n**Fix failing test sums** (you were in the middle of it)\n\nDone when: The test sums passes.\n\nYour note: off by one in reduce');
    expect(handoff).toContain('## Unfinished\n\n- [ ] Fix failing test sums (20 min planned)\n- [ ] Add coupons (15 min planned)');
    expect(nextGoal).toBe('Finish: Fix failing test sums');
  });

  it('with everything done says so and offers no next goal', () => {
    const out = writeOfflineSummary({ ...base, tasks: [task(0, 'A', 'done', 10, 10)], signalsAtStart: [], failingAtStart: [], signalsNow: [] });
    expect(out.handoff).toContain('Everything planned is finished');
    expect(out.nextGoal).toBe('');
    expect(out.summary).toContain('| A | done | 10 min | 10 min | on time |');
  });

  it('keeps hostile text inert', () => {
    const out = writeOfflineSummary({ ...base, goal: '<img src=x onerror=alert(1)>', tasks: [task(0, '[click](javascript:alert(1))', 'pending', 10)] });
    expect(out.summary).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(out.handoff).toContain('\\[click\\](javascript:alert(1))');
    expect(out.summary).not.toMatch(/(?<!\\)<img/);
  });
});
