import type { browser as wxtBrowser } from 'wxt/browser';
import { badgeText, badgeTone, isOver, remainingMs } from '../../../shared/clock/session-clock';
import type { Session } from '../../../shared/domain/session';
import type { SessionPilotDb } from '../db/db';
import { buildSnapshot } from '../sessions/build-snapshot';
import { endSession, runningSession } from '../sessions/session-store';
import { extendSession, finishTask } from '../sessions/session-actions';
import { loadClockSettings, type ClockSettings } from '../settings/clock-settings';
import type { ChimeName } from '../audio/offscreen-messages';
import { dueAlerts, nextAlertAt, type Alert, type AlertState } from '../../../shared/clock/alerts';
import { actualMinutesByTask } from '../../../shared/clock/task-time';
import { SNAPSHOT_KEY, type SessionSnapshot } from '../snapshot/session-snapshot';

export const END_ALARM = 'session-end';
export const TICK_ALARM = 'session-tick';
/** Wakes the worker for the next warning or over-estimate nudge. */
export const ALERT_ALARM = 'session-alert';

const TONE_COLOUR = { calm: '#1a7f37', soon: '#bf8700', urgent: '#cf222e', paused: '#6e7781' } as const;

export interface SessionRunnerDeps {
  db: SessionPilotDb;
  browser: typeof wxtBrowser;
  now: () => number;
  iconUrl: string;
  /** Told when a session ends (by the clock or the user), e.g. to stop watching its workspace. */
  onEnded?: (session: Session) => void;
  /** Plays a chime (offscreen document on Chrome, the background page on Firefox). */
  chime?: (name: ChimeName, volume: number) => Promise<void>;
  /** Chrome shows notification buttons; Firefox does not support them. */
  notificationButtons?: boolean;
  /** Opens the dashboard (the end notification's "Open summary"). */
  openDashboard?: () => Promise<void>;
}

/**
 * Owns the running session's clock in the background: the stored deadline is the truth; alarms
 * only wake the worker. Re-arms on startup, ends a session whose deadline passed while asleep.
 */
export class SessionRunner {
  private secondTicker: ReturnType<typeof setInterval> | undefined;
  /** Clock work runs one job at a time: a sync must never re-arm an alarm from a state another job just changed. */
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly deps: SessionRunnerDeps) {}

  /**
   * The popup's snapshot: in storage.session (memory, the fastest read when the popup opens) and in
   * storage.local (kept across a browser restart, and the popup's change events).
   */
  private async writeSnapshot(snapshot: SessionSnapshot): Promise<void> {
    await this.deps.browser.storage.session?.set({ [SNAPSHOT_KEY]: snapshot });
    await this.deps.browser.storage.local.set({ [SNAPSHOT_KEY]: snapshot });
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => {});
    return run;
  }

  private async snapshotOf(session: Session): Promise<SessionSnapshot | null> {
    const { db } = this.deps;
    const tasks = await db.tasks.where('sessionId').equals(session.id).toArray();
    const workspace = await db.workspaces.get(session.workspaceId);
    return buildSnapshot(session, tasks, workspace?.name ?? '');
  }

  /** Re-reads the running session, ending it if its deadline has passed, then refreshes everything shown. */
  sync(): Promise<void> {
    return this.serial(() => this.syncNow());
  }

  private async syncNow(): Promise<void> {
    const { db, browser, now } = this.deps;
    const session = await runningSession(db);
    if (!session || session.deadlineAt === undefined) {
      await this.clearAlarms();
      await browser.action.setBadgeText({ text: '' });
      const stored = (await browser.storage.local.get(SNAPSHOT_KEY))[SNAPSHOT_KEY] as SessionSnapshot | undefined;
      if (stored && (stored.status === 'active' || stored.status === 'paused')) {
        await browser.storage.local.remove(SNAPSHOT_KEY);
        await browser.storage.session?.remove(SNAPSHOT_KEY);
      }
      return;
    }
    if (isOver({ deadlineAt: session.deadlineAt, pausedAt: session.pausedAt }, now())) {
      await this.finish(session, session.deadlineAt);
      return;
    }
    const alerts = await this.alertState(session);
    for (const alert of dueAlerts(alerts.state, now())) await this.announce(session, alert, alerts.settings);
    await this.arm(session, nextAlertAt((await this.alertState(session)).state, now()));
    await this.paint(session);
  }

  /** What the clock knows for warnings and nudges: settings, what already fired, the task in progress. */
  private async alertState(session: Session): Promise<{ state: AlertState; settings: ClockSettings }> {
    const { db, now } = this.deps;
    const settings = await loadClockSettings(db);
    const events = await db.events.where('sessionId').equals(session.id).toArray();
    const warned = new Set(events.filter((e) => e.type === 'alarm_warning' && e.minutes !== undefined).map((e) => e.minutes!));
    const tasks = await db.tasks.where('sessionId').equals(session.id).toArray();
    const current = tasks.find((t) => t.status === 'in_progress');
    let currentTask: AlertState['currentTask'];
    if (current && settings.overtimeNudge) {
      const mine = events.filter((e) => e.taskId === current.id);
      const nudges = mine.filter((e) => e.type === 'task_overtime' && e.minutes !== undefined).map((e) => e.minutes!);
      currentTask = {
        id: current.id,
        estimateMinutes: current.estimateMinutes,
        workedMs: (actualMinutesByTask(events, now()).get(current.id) ?? 0) * 60_000,
        extraMinutes: mine.filter((e) => e.type === 'task_snoozed').reduce((sum, e) => sum + (e.minutes ?? 0), 0),
        ...(nudges.length ? { nudgedAt: Math.max(...nudges) } : {}),
      };
    }
    return {
      state: { deadlineAt: session.deadlineAt!, pausedAt: session.pausedAt, warnings: settings.warnings, warned, ...(currentTask ? { currentTask } : {}) },
      settings,
    };
  }

  private async announce(session: Session, alert: Alert, settings: ClockSettings): Promise<void> {
    const { db, browser, now } = this.deps;
    const buttons = this.deps.notificationButtons;
    if (alert.kind === 'warning') {
      await db.events.add({ sessionId: session.id, at: now(), type: 'alarm_warning', minutes: alert.minutes });
      const task = (await db.tasks.where('sessionId').equals(session.id).toArray()).find((t) => t.status === 'in_progress');
      await browser.notifications.create(`warn:${session.id}:${alert.minutes}`, {
        type: 'basic',
        iconUrl: this.deps.iconUrl,
        title: `${alert.minutes} minute${alert.minutes === 1 ? '' : 's'} left`,
        message: task ? `Now: ${task.title}` : session.goal || 'Your session is nearly over.',
        priority: 1,
        ...(buttons ? { buttons: [{ title: '+5 min' }, { title: 'End session' }] } : {}),
      });
      if (settings.sound) this.play('warning', settings.volume);
    } else {
      await db.events.add({ sessionId: session.id, at: now(), type: 'task_overtime', taskId: alert.taskId, minutes: alert.thresholdMinutes });
      const task = await db.tasks.get(alert.taskId);
      await browser.notifications.create(`over:${session.id}:${alert.taskId}`, {
        type: 'basic',
        iconUrl: this.deps.iconUrl,
        title: `Past its ${alert.thresholdMinutes} min`,
        message: task ? `“${task.title}” has run past its time box.` : 'The current task has run past its time box.',
        priority: 1,
        ...(buttons ? { buttons: [{ title: 'Next task' }, { title: '+5 min on this task' }] } : {}),
      });
      if (settings.sound) this.play('over', settings.volume);
    }
  }

  /** A notification button: acts at once, without opening anything (except "Open summary"). */
  async onNotificationButton(notificationId: string, index: number): Promise<void> {
    const { db, browser, now } = this.deps;
    const [kind, sessionId, rest] = notificationId.split(':');
    if (!sessionId) return;
    await browser.notifications.clear(notificationId);
    if (kind === 'warn') {
      if (index === 0) await extendSession(db, sessionId, 5, now());
      else await this.endNow(sessionId, 'completed');
    } else if (kind === 'over' && rest) {
      if (index === 0) {
        const settings = await loadClockSettings(db);
        await finishTask(db, { sessionId, taskId: rest, outcome: 'done', autoAdvance: settings.autoAdvance }, now());
      } else {
        await db.events.add({ sessionId, at: now(), type: 'task_snoozed', taskId: rest, minutes: 5 });
      }
    } else if (kind === 'session-end') {
      await this.deps.openDashboard?.();
      return;
    }
    await this.sync();
  }

  private async arm(session: Session, nextAlert: number | undefined): Promise<void> {
    const { browser } = this.deps;
    if (session.pausedAt !== undefined || session.deadlineAt === undefined) {
      await this.clearAlarms();
      return;
    }
    await browser.alarms.create(END_ALARM, { when: session.deadlineAt });
    if (nextAlert !== undefined) await browser.alarms.create(ALERT_ALARM, { when: nextAlert });
    else await browser.alarms.clear(ALERT_ALARM);
    // Packed MV3 alarms fire at most every 30 s: good enough for a minutes badge.
    await browser.alarms.create(TICK_ALARM, { periodInMinutes: 0.5 });
  }

  private async clearAlarms(): Promise<void> {
    await this.deps.browser.alarms.clear(END_ALARM);
    await this.deps.browser.alarms.clear(ALERT_ALARM);
    await this.deps.browser.alarms.clear(TICK_ALARM);
    clearInterval(this.secondTicker);
    this.secondTicker = undefined;
  }

  private async paint(session: Session): Promise<void> {
    const { browser, now } = this.deps;
    const snapshot = await this.snapshotOf(session);
    if (snapshot) await this.writeSnapshot(snapshot);
    await this.paintBadge(session);
    const left = remainingMs({ deadlineAt: session.deadlineAt!, pausedAt: session.pausedAt }, now());
    // In the last minute the badge counts seconds while the worker is awake.
    if (left < 61_000 && session.pausedAt === undefined && !this.secondTicker) {
      this.secondTicker = setInterval(() => void this.paintBadge(session), 1_000);
    }
  }

  private async paintBadge(session: Session): Promise<void> {
    const { browser, now } = this.deps;
    const left = remainingMs({ deadlineAt: session.deadlineAt!, pausedAt: session.pausedAt }, now());
    await browser.action.setBadgeText({ text: badgeText(left) });
    await browser.action.setBadgeBackgroundColor({ color: TONE_COLOUR[badgeTone(left, session.pausedAt !== undefined)] });
  }

  /** Ends the session at `at` (its deadline, even when noticed later) and tells the user. */
  private async finish(session: Session, at: number): Promise<void> {
    const { db, browser, now } = this.deps;
    const ended = await endSession(db, session.id, at, 'completed');
    await this.clearAlarms();
    await browser.action.setBadgeText({ text: '' });
    if (!ended.ok) return;
    this.deps.onEnded?.(ended.value);
    await db.events.add({ sessionId: session.id, at: now(), type: 'alarm_end' });
    const snapshot = await this.snapshotOf(ended.value);
    if (snapshot) await this.writeSnapshot(snapshot);
    const late = now() - at > 90_000;
    const endedAt = new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    await browser.notifications.create(`session-end:${session.id}`, {
      type: 'basic',
      iconUrl: this.deps.iconUrl,
      title: late ? `Session ended at ${endedAt}` : 'Session over',
      message: `${session.goal || 'Your session'}: ${snapshot?.tasksDone ?? 0} of ${snapshot?.tasksTotal ?? 0} tasks done.`,
      priority: 2,
      ...(this.deps.notificationButtons ? { buttons: [{ title: 'Open summary' }] } : {}),
    });
    const settings = await loadClockSettings(db);
    // A session that ended long ago (the machine slept) is reported, not chimed.
    if (settings.sound && !late) this.play('end', settings.volume);
  }

  /** Chimes play beside the clock's work, never holding it up. */
  private play(name: ChimeName, volume: number): void {
    void this.deps.chime?.(name, volume).catch(() => {});
  }

  /** Rewrites the popup's snapshot of an ended session (e.g. once its handoff is written). */
  refreshEnded(sessionId: string): Promise<void> {
    return this.serial(async () => {
      const session = await this.deps.db.sessions.get(sessionId);
      if (!session || (session.status !== 'completed' && session.status !== 'cancelled')) return;
      if (await runningSession(this.deps.db)) return;
      const snapshot = await this.snapshotOf(session);
      if (snapshot) await this.writeSnapshot(snapshot);
    });
  }

  async onAlarm(name: string): Promise<void> {
    if (name === END_ALARM || name === TICK_ALARM || name === ALERT_ALARM) await this.sync();
  }

  /** Ends the running session by the user's choice. */
  endNow(sessionId: string, outcome: 'completed' | 'cancelled') {
    return this.serial(() => this.endNowUnqueued(sessionId, outcome));
  }

  private async endNowUnqueued(sessionId: string, outcome: 'completed' | 'cancelled') {
    const result = await endSession(this.deps.db, sessionId, this.deps.now(), outcome);
    if (result.ok) {
      this.deps.onEnded?.(result.value);
      const snapshot = await this.snapshotOf(result.value);
      if (snapshot) await this.writeSnapshot(snapshot);
    }
    await this.clearAlarms();
    await this.deps.browser.action.setBadgeText({ text: '' });
    return result;
  }
}
