import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../domain/event';
import { actualMinutesByTask, taskIntervals, workedMinutes } from './task-time';

const MIN = 60_000;
const ev = (minute: number, type: SessionEvent['type'], taskId?: string) => ({ at: minute * MIN, type, ...(taskId ? { taskId } : {}) });

describe('actual minutes from events', () => {
  it('counts each task from start to done, excluding pauses', () => {
    const events = [
      ev(0, 'session_started'),
      ev(0, 'task_started', 'a'),
      ev(10, 'session_paused'),
      ev(25, 'session_resumed'),
      ev(30, 'task_done', 'a'),
      ev(30, 'task_started', 'b'),
      ev(42, 'task_skipped', 'b'),
      ev(42, 'task_started', 'c'),
      ev(50, 'session_completed'),
    ];
    expect(Object.fromEntries(actualMinutesByTask(events, 60 * MIN))).toEqual({ a: 15, b: 12, c: 8 });
    expect(workedMinutes(events, 0, 50 * MIN)).toBe(35);
  });

  it('a task switched to another stops counting; a running task counts until now', () => {
    const events = [ev(0, 'task_started', 'a'), ev(5, 'task_started', 'b'), ev(9, 'task_started', 'a')];
    expect(Object.fromEntries(actualMinutesByTask(events, 12 * MIN))).toEqual({ a: 8, b: 4 });
  });

  it('orders events by time and ignores a resume without a pause', () => {
    const events = [ev(7, 'task_done', 'a'), ev(0, 'task_started', 'a'), ev(3, 'session_resumed')];
    expect(Object.fromEntries(actualMinutesByTask(events, 20 * MIN))).toEqual({ a: 7 });
  });

  it('gives the intervals each task ran, cut by pauses', () => {
    const events = [ev(0, 'task_started', 'a'), ev(10, 'session_paused'), ev(25, 'session_resumed'), ev(30, 'task_done', 'a')];
    expect(taskIntervals(events, 60 * MIN).get('a')).toEqual([
      [0, 10 * MIN],
      [25 * MIN, 30 * MIN],
    ]);
  });

  it('a session paused at its end counts nothing after the pause', () => {
    expect(workedMinutes([ev(0, 'session_started'), ev(20, 'session_paused')], 0, 60 * MIN)).toBe(20);
  });
});
