import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createDb, type SessionPilotDb } from '../db/db';
import { createPlannedSession, startSession } from '../sessions/session-store';
import { SNAPSHOT_KEY } from '../snapshot/session-snapshot';
import { saveClockSettings } from '../settings/clock-settings';
import { extendSession } from '../sessions/session-actions';
import { ALERT_ALARM, END_ALARM, SessionRunner } from './session-runner';

let db: SessionPilotDb;
let now: number;
let runner: SessionRunner;
let sessionId: string;
const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);

beforeEach(async () => {
  fakeBrowser.reset();
  db = createDb(`runner-${crypto.randomUUID()}`);
  await db.open();
  now = T0;
  let n = 0;
  const newId = () => `id${++n}`;
  const workspace = { id: 'w', name: 'shop', path: '/src/shop', createdAt: 1, updatedAt: 1 };
  await db.workspaces.add(workspace);
  const session = await createPlannedSession(
    db,
    {
      workspace,
      goal: 'Fix the cart',
      budgetMinutes: 25,
      focus: { bugs: 1, features: 1, refactor: 1 },
      plan: {
        planner: 'offline',
        totalMinutes: 20,
        notices: [],
        tasks: [
          { title: 'First', category: 'bug', estimateMinutes: 10, rationale: '', sources: ['goal'] },
          { title: 'Second', category: 'feature', estimateMinutes: 10, rationale: '', sources: ['goal'] },
        ],
      },
      signals: [],
    },
    now,
    newId,
  );
  sessionId = session.id;
  runner = new SessionRunner({ db, browser: fakeBrowser, now: () => now, iconUrl: 'icon.png' });
});

// Spies on the shared fake browser must not leak into the next test.
afterEach(() => {
  vi.restoreAllMocks();
});

describe('session runner (injectable now)', () => {
  it('arms the end alarm at the stored deadline and shows minutes, then seconds, on the badge', async () => {
    expect((await startSession(db, sessionId, now)).ok).toBe(true);
    await runner.sync();
    const alarm = await fakeBrowser.alarms.get(END_ALARM);
    expect(alarm?.scheduledTime).toBe(T0 + 25 * 60_000);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('25');
    const snapshot = (await fakeBrowser.storage.local.get(SNAPSHOT_KEY))[SNAPSHOT_KEY];
    expect(snapshot).toMatchObject({ sessionId, status: 'active', deadlineAt: T0 + 25 * 60_000, currentTask: { title: 'First' }, nextTask: { title: 'Second' } });

    now = T0 + 24 * 60_000 + 20_000;
    await runner.onAlarm('session-tick');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('40s');
    await runner.endNow(sessionId, 'completed'); // stops the per-second ticker
  });

  it('ends at the deadline when the alarm fires, and raises a notification', async () => {
    await startSession(db, sessionId, now);
    await runner.sync();
    now = T0 + 25 * 60_000 + 300;
    await runner.onAlarm(END_ALARM);
    const session = await db.sessions.get(sessionId);
    expect(session).toMatchObject({ status: 'completed', endedAt: T0 + 25 * 60_000 });
    const notes = await fakeBrowser.notifications.getAll();
    expect(Object.keys(notes)).toEqual([`session-end:${sessionId}`]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await fakeBrowser.alarms.get(END_ALARM)).toBeUndefined();
    expect((await fakeBrowser.storage.local.get(SNAPSHOT_KEY))[SNAPSHOT_KEY]).toMatchObject({ status: 'completed' });
  });

  it('does not end early when an alarm fires before the deadline (alarms are only wake-ups)', async () => {
    await startSession(db, sessionId, now);
    now = T0 + 60_000;
    await runner.onAlarm(END_ALARM);
    expect((await db.sessions.get(sessionId))?.status).toBe('active');
    expect((await fakeBrowser.alarms.get(END_ALARM))?.scheduledTime).toBe(T0 + 25 * 60_000);
  });

  it('after sleeping past the end, the next start says when the session ended', async () => {
    await startSession(db, sessionId, now);
    await runner.sync();
    await fakeBrowser.alarms.clearAll(); // a browser restart that lost the alarms
    now = T0 + 3 * 3_600_000;
    // The fake browser keeps only notification ids (as Chrome's getAll does): read the options from the call.
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    const afterRestart = new SessionRunner({ db, browser: fakeBrowser, now: () => now, iconUrl: 'icon.png' });
    await afterRestart.sync();
    expect(await db.sessions.get(sessionId)).toMatchObject({ status: 'completed', endedAt: T0 + 25 * 60_000 });
    const endedAt = new Date(T0 + 25 * 60_000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]![1]).toMatchObject({ title: `Session ended at ${endedAt}`, message: 'Fix the cart: 0 of 2 tasks done.' });
  });

  it('re-arms the alarms from stored state when the worker starts again', async () => {
    await startSession(db, sessionId, now);
    await fakeBrowser.alarms.clearAll();
    now = T0 + 5 * 60_000;
    await new SessionRunner({ db, browser: fakeBrowser, now: () => now, iconUrl: 'icon.png' }).sync();
    expect((await fakeBrowser.alarms.get(END_ALARM))?.scheduledTime).toBe(T0 + 25 * 60_000);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('20');
  });
});

describe('warnings, nudges and notification buttons', () => {
  let chimes: Array<[string, number]>;
  const make = () => new SessionRunner({ db, browser: fakeBrowser, now: () => now, iconUrl: 'icon.png', notificationButtons: true, chime: async (n, v) => void chimes.push([n, v]) });

  beforeEach(async () => {
    chimes = [];
    await startSession(db, sessionId, now);
    runner = make();
    await runner.sync();
  });

  it('warns once at 10 minutes left with a chime, then arms the next alert', async () => {
    // The first task (10 min) is nudged at T0+10; the 10-minute warning comes at T0+15.
    expect((await fakeBrowser.alarms.get(ALERT_ALARM))?.scheduledTime).toBe(T0 + 10 * 60_000);
    now = T0 + 15 * 60_000;
    await runner.onAlarm(ALERT_ALARM);
    const ids = Object.keys(await fakeBrowser.notifications.getAll());
    expect(ids).toEqual(expect.arrayContaining([`warn:${sessionId}:10`, expect.stringMatching(new RegExp(`^over:${sessionId}:`))]));
    expect(chimes).toEqual([['warning', 0.6], ['over', 0.6]]);
    await runner.sync();
    expect(chimes).toHaveLength(2);
    expect((await fakeBrowser.alarms.get(ALERT_ALARM))?.scheduledTime).toBe(T0 + 20 * 60_000);
    const warned = (await db.events.where('sessionId').equals(sessionId).toArray()).filter((e) => e.type === 'alarm_warning');
    expect(warned.map((e) => e.minutes)).toEqual([10]);
  });

  it('a sync already running never re-arms the end alarm from a state a later change replaced', async () => {
    // The first sync is held up while it announces the 10-minute warning; "+5 min" lands meanwhile.
    const create = fakeBrowser.notifications.create.bind(fakeBrowser.notifications);
    vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation(async (...args: unknown[]) => {
      await new Promise((r) => setTimeout(r, 50));
      return (create as (...a: unknown[]) => Promise<string>)(...args);
    });
    now = T0 + 15 * 60_000;
    const first = runner.sync();
    await new Promise((r) => setTimeout(r, 10));
    await extendSession(db, sessionId, 5, now);
    const second = runner.sync();
    await Promise.all([first, second]);
    expect((await fakeBrowser.alarms.get(END_ALARM))?.scheduledTime).toBe(T0 + 30 * 60_000);
  });

  it('"+5 min" on a warning extends the session; "End session" ends it', async () => {
    await runner.onNotificationButton(`warn:${sessionId}:10`, 0);
    expect((await db.sessions.get(sessionId))!.deadlineAt).toBe(T0 + 30 * 60_000);
    await runner.onNotificationButton(`warn:${sessionId}:5`, 1);
    expect((await db.sessions.get(sessionId))!.status).toBe('completed');
  });

  it('the over-estimate nudge: "+5 min on this task" re-nudges 5 minutes later, "Next task" finishes it and starts the next', async () => {
    const [first, second] = await db.tasks.where('[sessionId+order]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray();
    now = T0 + 10 * 60_000;
    await runner.onAlarm(ALERT_ALARM);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([`over:${sessionId}:${first!.id}`]);
    await runner.onNotificationButton(`over:${sessionId}:${first!.id}`, 1);
    expect((await fakeBrowser.alarms.get(ALERT_ALARM))?.scheduledTime).toBe(T0 + 15 * 60_000);
    await runner.onNotificationButton(`over:${sessionId}:${first!.id}`, 0);
    expect((await db.tasks.get(first!.id))!.status).toBe('done');
    expect((await db.tasks.get(second!.id))!.status).toBe('in_progress');
  });

  it('stays quiet with sound off, and nudges not at all when turned off', async () => {
    await saveClockSettings(db, { sound: false, overtimeNudge: false });
    now = T0 + 16 * 60_000;
    await runner.sync();
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([`warn:${sessionId}:10`]);
    expect(chimes).toEqual([]);
  });
});
