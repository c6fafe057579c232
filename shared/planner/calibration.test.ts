import { describe, expect, it } from 'vitest';
import type { Signal } from '../domain/signal';
import { calibrate, calibrationSentences, kindOfSource, ratioFor, type TaskOutcome } from './calibration';
import { planOffline } from './offline-planner';

const outcome = (actualMinutes: number, estimateMinutes = 20, extra: Partial<TaskOutcome> = {}): TaskOutcome => ({ category: 'bug', kind: 'marker', estimateMinutes, actualMinutes, ...extra });

describe('calibrate', () => {
  it('is neutral without history', () => {
    const cal = calibrate([]);
    expect(ratioFor(cal, 'bug', 'marker')).toBe(1);
    expect(calibrationSentences(cal)).toEqual([]);
  });

  it('shrinks a single sample strongly toward 1', () => {
    const r = ratioFor(calibrate([outcome(40)]), 'bug', 'marker');
    expect(r).toBeGreaterThan(1);
    expect(r).toBeLessThan(1.3);
  });

  it('uses the median, so one wild task does not move it', () => {
    const history = [...Array.from({ length: 9 }, () => outcome(30)), outcome(400)];
    expect(ratioFor(calibrate(history), 'bug', 'marker')).toBeCloseTo(1.5, 0);
  });

  it('falls back from kind to category to the user overall', () => {
    const cal = calibrate([
      ...Array.from({ length: 10 }, () => outcome(40, 20, { category: 'feature', kind: 'github_issue' })),
      ...Array.from({ length: 10 }, () => outcome(20, 20, { category: 'bug', kind: 'marker' })),
    ]);
    const issue = ratioFor(cal, 'feature', 'github_issue');
    expect(issue).toBeGreaterThan(1.6);
    expect(ratioFor(cal, 'feature', 'marker')).toBe(cal.byCategory.feature!.ratio);
    expect(ratioFor(cal, 'bug', 'marker')).toBe(1);
    const overall = ratioFor(cal, 'refactor', 'marker');
    expect(overall).toBe(cal.global.ratio);
    expect(overall).toBeGreaterThan(1);
    expect(overall).toBeLessThan(issue);
  });

  it('ignores impossible entries and counts them; skips tasks ticked off at once', () => {
    const cal = calibrate([outcome(900), outcome(-3), outcome(Number.NaN), outcome(20, 0), outcome(0.2), outcome(20, 900)]);
    expect(cal.ignored).toBe(5);
    expect(cal.global.samples).toBe(0);
  });

  it('says how the user plans, in a sentence', () => {
    const cal = calibrate([...Array.from({ length: 12 }, () => outcome(32)), ...Array.from({ length: 5 }, () => outcome(9, 15, { category: 'feature' }))]);
    expect(calibrationSentences(cal)).toEqual(['Your FIXME/BUG tasks take 1.5× what you plan (12 tasks).', 'Your TODO tasks take 0.7× of what you plan (5 tasks).']);
  });

  it('knows the kind of a source id', () => {
    expect(['goal', 'marker:a.ts:1', 'test:a:b', 'gh-issue:a/b#1', 'gh-pr:a/b#2', 'git:conflicts', 'backlog:7'].map(kindOfSource)).toEqual([
      'goal', 'marker', 'failing_test', 'github_issue', 'github_pr', 'git', 'backlog',
    ]);
  });
});

/** A small seeded generator, so the simulated users are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

describe('calibration on a synthetic history', () => {
  // How this simulated user really works: FIXMEs take 1.6× the planner's first guess, TODOs 0.75×,
  // failing tests 1.3×, HACKs about right; every task varies by ±25 % around that.
  const TRUE_RATIO: Record<string, number> = { 'bug/marker': 1.6, 'feature/marker': 0.75, 'bug/failing_test': 1.3, 'refactor/marker': 1.05 };
  const TAGS = ['FIXME', 'TODO', 'HACK', 'TODO', 'FIXME'];

  function sessionSignals(rand: () => number, session: number): Signal[] {
    const signals: Signal[] = [];
    for (let i = 0; i < 6; i++) {
      const tag = TAGS[Math.floor(rand() * TAGS.length)]!;
      signals.push({ id: `marker:s${session}/f${i}.ts:1`, kind: 'marker', file: `s${session}/f${i}.ts`, line: 1, tag, text: `${tag}: work ${i}` });
    }
    signals.push({ id: `test:s${session}.test.ts:case`, kind: 'failing_test', name: `case ${session}`, file: `s${session}.test.ts` });
    return signals;
  }

  function simulate(seed: number, sessions: number): { errors: number[][] } {
    const rand = prng(seed);
    const history: TaskOutcome[] = [];
    const errors: number[][] = [];
    for (let s = 0; s < sessions; s++) {
      const signals = sessionSignals(rand, s);
      const base = planOffline({ signals, goal: '', budgetMinutes: 480, focus: { bugs: 1, features: 1, refactor: 1 } });
      const planned = planOffline({ signals, goal: '', budgetMinutes: 480, focus: { bugs: 1, features: 1, refactor: 1 }, history });
      const sessionErrors: number[] = [];
      for (const task of planned.tasks) {
        const natural = base.tasks.find((t) => t.sources[0] === task.sources[0])!.estimateMinutes;
        const kind = kindOfSource(task.sources[0]!);
        const actual = natural * TRUE_RATIO[`${task.category}/${kind}`]! * Math.exp(0.25 * normal(rand));
        sessionErrors.push(Math.abs(actual - task.estimateMinutes) / task.estimateMinutes);
        history.push({ category: task.category, kind, estimateMinutes: task.estimateMinutes, actualMinutes: actual, endedAt: s });
      }
      errors.push(sessionErrors);
    }
    return { errors };
  }

  it('the median |actual − estimate| / estimate falls by at least 30 % after 10 sessions', () => {
    const first: number[] = [];
    const eleventh: number[] = [];
    for (let user = 1; user <= 40; user++) {
      const { errors } = simulate(user, 11);
      first.push(...errors[0]!);
      eleventh.push(...errors[10]!);
    }
    const before = median(first);
    const after = median(eleventh);
    expect(before).toBeGreaterThan(0.2);
    expect(after).toBeLessThanOrEqual(before * 0.7);
  });
});
