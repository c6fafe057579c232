import type { browser as wxtBrowser } from 'wxt/browser';
import { badgeText, badgeTone, isOver, remainingMs } from '../../../shared/clock/session-clock';
import type { Session } from '../../../shared/domain/session';
import type { SessionPilotDb } from '../db/db';
import { buildSnapshot } from '../sessions/build-snapshot';
import { endSession, runningSession } from '../sessions/session-store';
import { SNAPSHOT_KEY, type SessionSnapshot } from '../snapshot/session-snapshot';

export const END_ALARM = 'session-end';
export const TICK_ALARM = 'session-tick';

const TONE_COLOUR = { calm: '#1a7f37', soon: '#bf8700', urgent: '#cf222e', paused: '#6e7781' } as const;

export interface SessionRunnerDeps {
  db: SessionPilotDb;
  browser: typeof wxtBrowser;
  now: () => number;
  iconUrl: string;
  /** Told when a session ends (by the clock or the user), e.g. to stop watching its workspace. */
  onEnded?: (session: Session) => void;
}

/**
 * Owns the running session's clock in the background: the stored deadline is the truth; alarms
 * only wake the worker. Re-arms on startup, ends a session whose deadline passed while asleep.
 */
export class SessionRunner {
  private secondTicker: ReturnType<typeof setInterval> | undefined;
  constructor(private readonly deps: SessionRunnerDeps) {}

  private async snapshotOf(session: Session): Promise<SessionSnapshot | null> {
    const { db } = this.deps;
    const tasks = await db.tasks.where('sessionId').equals(session.id).toArray();
    const workspace = await db.workspaces.get(session.workspaceId);
    return buildSnapshot(session, tasks, workspace?.name ?? '');
  }

  /** Re-reads the running session, ending it if its deadline has passed, then refreshes everything shown. */
  async sync(): Promise<void> {
    const { db, browser, now } = this.deps;
    const session = await runningSession(db);
    if (!session || session.deadlineAt === undefined) {
      await this.clearAlarms();
      await browser.action.setBadgeText({ text: '' });
      const stored = (await browser.storage.local.get(SNAPSHOT_KEY))[SNAPSHOT_KEY] as SessionSnapshot | undefined;
      if (stored && (stored.status === 'active' || stored.status === 'paused')) await browser.storage.local.remove(SNAPSHOT_KEY);
      return;
    }
    if (isOver({ deadlineAt: session.deadlineAt, pausedAt: session.pausedAt }, now())) {
      await this.finish(session, session.deadlineAt);
      return;
    }
    await this.arm(session);
    await this.paint(session);
  }

  private async arm(session: Session): Promise<void> {
    const { browser } = this.deps;
    if (session.pausedAt !== undefined || session.deadlineAt === undefined) {
      await this.clearAlarms();
      return;
    }
    await browser.alarms.create(END_ALARM, { when: session.deadlineAt });
    // Packed MV3 alarms fire at most every 30 s: good enough for a minutes badge.
    await browser.alarms.create(TICK_ALARM, { periodInMinutes: 0.5 });
  }

  private async clearAlarms(): Promise<void> {
    await this.deps.browser.alarms.clear(END_ALARM);
    await this.deps.browser.alarms.clear(TICK_ALARM);
    clearInterval(this.secondTicker);
    this.secondTicker = undefined;
  }

  private async paint(session: Session): Promise<void> {
    const { browser, now } = this.deps;
    const snapshot = await this.snapshotOf(session);
    if (snapshot) await browser.storage.local.set({ [SNAPSHOT_KEY]: snapshot });
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
    if (snapshot) await browser.storage.local.set({ [SNAPSHOT_KEY]: snapshot });
    const late = now() - at > 90_000;
    const endedAt = new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    await browser.notifications.create(`session-end:${session.id}`, {
      type: 'basic',
      iconUrl: this.deps.iconUrl,
      title: late ? `Session ended at ${endedAt}` : 'Session over',
      message: `${session.goal || 'Your session'}: ${snapshot?.tasksDone ?? 0} of ${snapshot?.tasksTotal ?? 0} tasks done.`,
      priority: 2,
    });
  }

  async onAlarm(name: string): Promise<void> {
    if (name === END_ALARM || name === TICK_ALARM) await this.sync();
  }

  /** Ends the running session by the user's choice. */
  async endNow(sessionId: string, outcome: 'completed' | 'cancelled') {
    const result = await endSession(this.deps.db, sessionId, this.deps.now(), outcome);
    if (result.ok) {
      this.deps.onEnded?.(result.value);
      const snapshot = await this.snapshotOf(result.value);
      if (snapshot) await this.deps.browser.storage.local.set({ [SNAPSHOT_KEY]: snapshot });
    }
    await this.clearAlarms();
    await this.deps.browser.action.setBadgeText({ text: '' });
    return result;
  }
}
