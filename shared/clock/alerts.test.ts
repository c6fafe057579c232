import { describe, expect, it } from 'vitest';
import { dueAlerts, nextAlertAt, type AlertState } from './alerts';

const MIN = 60_000;
const base: AlertState = { deadlineAt: 60 * MIN, warnings: [10, 5, 1], warned: new Set() };

describe('session alerts', () => {
  it('warns at 10, 5 and 1 minutes left, each once', () => {
    expect(dueAlerts(base, 49 * MIN)).toEqual([]);
    expect(nextAlertAt(base, 49 * MIN)).toBe(50 * MIN);
    expect(dueAlerts(base, 50 * MIN)).toEqual([{ kind: 'warning', minutes: 10 }]);
    const after10 = { ...base, warned: new Set([10]) };
    expect(dueAlerts(after10, 52 * MIN)).toEqual([]);
    expect(nextAlertAt(after10, 52 * MIN)).toBe(55 * MIN);
    expect(dueAlerts(after10, 55 * MIN)).toEqual([{ kind: 'warning', minutes: 5 }]);
  });

  it('after a sleep says only the tightest warning, and nothing past the end or while paused', () => {
    expect(dueAlerts(base, 59.5 * MIN)).toEqual([{ kind: 'warning', minutes: 1 }]);
    expect(dueAlerts({ ...base, warned: new Set([1]) }, 59.5 * MIN)).toEqual([]);
    expect(dueAlerts(base, 61 * MIN)).toEqual([]);
    expect(dueAlerts({ ...base, pausedAt: 55 * MIN }, 59 * MIN)).toEqual([]);
    expect(nextAlertAt({ ...base, pausedAt: 20 * MIN }, 30 * MIN)).toBeUndefined();
  });

  it('nudges when the task in progress passes its estimate, again after "+5 min"', () => {
    const task = { id: 't', estimateMinutes: 15, workedMs: 10 * MIN, extraMinutes: 0 };
    expect(nextAlertAt({ ...base, warnings: [], currentTask: task }, 20 * MIN)).toBe(25 * MIN);
    expect(dueAlerts({ ...base, currentTask: { ...task, workedMs: 15 * MIN } }, 25 * MIN)).toEqual([{ kind: 'over', taskId: 't', thresholdMinutes: 15 }]);
    const nudged = { ...task, workedMs: 16 * MIN, nudgedAt: 15 };
    expect(dueAlerts({ ...base, currentTask: nudged }, 26 * MIN)).toEqual([]);
    expect(nextAlertAt({ ...base, warnings: [], currentTask: nudged }, 26 * MIN)).toBeUndefined();
    const snoozed = { ...nudged, extraMinutes: 5 };
    expect(nextAlertAt({ ...base, warnings: [], currentTask: snoozed }, 26 * MIN)).toBe(30 * MIN);
    expect(dueAlerts({ ...base, currentTask: { ...snoozed, workedMs: 20 * MIN } }, 30 * MIN)).toEqual([{ kind: 'over', taskId: 't', thresholdMinutes: 20 }]);
  });
});
