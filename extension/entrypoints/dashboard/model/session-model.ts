import { signal, type Signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { FocusWeights } from '../../../../shared/domain/focus';
import type { Session } from '../../../../shared/domain/session';
import type { PlannedTask, Task } from '../../../../shared/domain/task';
import type { ReviewRow, SessionPilotDb } from '../../../lib/db/db';
import { onBroadcast } from '../../../lib/messages/on-broadcast';
import { sendRequest } from '../../../lib/messages/send-request';

export interface PlanProgress {
  stage: string;
  done?: number;
  total?: number;
}

export interface CurrentSession {
  session: Session;
  tasks: Task[];
}

export interface SessionModel {
  /** The session being selected or run (the newest one that has not ended). */
  current: Signal<CurrentSession | null>;
  progress: Signal<PlanProgress | null>;
  planning: Signal<boolean>;
  notices: Signal<string[]>;
  /** The latest live change the companion pushed for the running session's workspace. */
  live: Signal<{ markers: number; failingTests: number; at: number } | null>;
  /** The newest ended session, for its summary and handoff. */
  lastEnded: Signal<Session | null>;
  /** "Your FIXME/BUG tasks take 1.6× what you plan (12 tasks)." */
  calibration: Signal<string[]>;
  /** A goal the plan form should offer (from a handoff). */
  suggestedGoal: Signal<string | null>;
  /** Tasks Claude has streamed so far for the plan being made. */
  streamed: Signal<PlannedTask[]>;
  cancelPlan(): Promise<void>;
  plan(input: { workspaceId: string; goal: string; budgetMinutes: number; focus: FocusWeights }): Promise<string | null>;
  start(sessionId: string): Promise<string | null>;
  end(sessionId: string, outcome: 'completed' | 'cancelled'): Promise<string | null>;
  finishTask(sessionId: string, taskId: string, outcome: 'done' | 'skipped' | 'review'): Promise<string | null>;
  startTask(sessionId: string, taskId: string): Promise<string | null>;
  pause(sessionId: string): Promise<string | null>;
  resume(sessionId: string): Promise<string | null>;
  extend(sessionId: string, minutes: number): Promise<string | null>;
  refreshCalibration(): Promise<void>;
  updateTask(taskId: string, patch: { title?: string; estimateMinutes?: number; category?: string; notes?: string }): Promise<string | null>;
  moveTask(taskId: string, toIndex: number): Promise<string | null>;
  addTask(sessionId: string, task: { title: string; estimateMinutes: number; category: string }): Promise<string | null>;
  dropTask(taskId: string): Promise<string | null>;
  review(sessionId: string, rating: 'ok' | 'needs_fix' | 'reverted' | 'partial', note: string): Promise<string | null>;
  reviewOf(sessionId: string): Promise<ReviewRow | undefined>;
  /** A session's tasks in order (for an ended session's views). */
  tasksOf(sessionId: string): Promise<Task[]>;
}

async function act(request: Parameters<typeof sendRequest>[0]): Promise<string | null> {
  const r = await sendRequest(request);
  return r.ok ? null : r.error.message;
}

export function createSessionModel(db: SessionPilotDb): SessionModel {
  const current = signal<CurrentSession | null>(null);
  const progress = signal<PlanProgress | null>(null);
  const planning = signal(false);
  const notices = signal<string[]>([]);
  const live = signal<{ markers: number; failingTests: number; at: number } | null>(null);
  const lastEnded = signal<Session | null>(null);
  const calibration = signal<string[]>([]);
  const suggestedGoal = signal<string | null>(null);
  const streamed = signal<PlannedTask[]>([]);

  liveQuery(async () => {
    // Newest first by the createdAt index, stopping at the first ended one (history can be long).
    return (await db.sessions.orderBy('createdAt').reverse().filter((s) => s.status === 'completed' || s.status === 'cancelled').first()) ?? null;
  }).subscribe({ next: (v) => (lastEnded.value = v), error: () => (lastEnded.value = null) });

  async function refreshCalibration() {
    const r = await sendRequest<{ sentences: string[] }>({ type: 'calibration.get' });
    if (r.ok) calibration.value = r.value.sentences;
  }
  void refreshCalibration();

  liveQuery(async () => {
    const open = await db.sessions.where('status').anyOf('selecting', 'active', 'paused').sortBy('createdAt');
    const session = open.pop();
    if (!session) return null;
    const tasks = await db.tasks.where('[sessionId+order]').between([session.id, -Infinity], [session.id, Infinity]).toArray();
    return { session, tasks };
  }).subscribe({ next: (v) => (current.value = v), error: () => (current.value = null) });

  function untilCurrentIs(sessionId: string, timeoutMs: number): Promise<void> {
    if (current.value?.session.id === sessionId) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const stop = current.subscribe((c) => c?.session.id === sessionId && done());
      function done() {
        clearTimeout(timer);
        queueMicrotask(() => stop());
        resolve();
      }
    });
  }

  onBroadcast({
    signals: ({ scan }) => {
      if (current.value && current.value.session.status !== 'selecting') {
        live.value = { markers: scan.markers.length, failingTests: scan.tests.failures.length, at: Date.now() };
      }
    },
    planTask: (task, index) => {
      if (!planning.value) return;
      const next = streamed.value.slice(0, index);
      next[index] = task;
      streamed.value = next;
    },
    planRestart: () => (streamed.value = []),
    progress: (p) => {
      if (p.scope === 'plan' && planning.value) progress.value = { stage: p.stage, done: p.done, total: p.total };
    },
  });

  return {
    current,
    progress,
    planning,
    notices,
    live,
    lastEnded,
    calibration,
    suggestedGoal,
    streamed,
    async cancelPlan() {
      await sendRequest({ type: 'session.planCancel' });
    },
    refreshCalibration,
    tasksOf: (sessionId) => db.tasks.where('[sessionId+order]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray(),
    async finishTask(sessionId, taskId, outcome) {
      const error = await act({ type: 'task.finish', sessionId, taskId, outcome });
      if (!error && outcome === 'done') void refreshCalibration();
      return error;
    },
    startTask: (sessionId, taskId) => act({ type: 'task.start', sessionId, taskId }),
    updateTask: (taskId, patch) => act({ type: 'task.update', taskId, ...patch }),
    moveTask: (taskId, toIndex) => act({ type: 'task.move', taskId, toIndex }),
    addTask: (sessionId, task) => act({ type: 'task.add', sessionId, ...task }),
    dropTask: (taskId) => act({ type: 'task.drop', taskId }),
    review: (sessionId, rating, note) => act({ type: 'session.review', sessionId, rating, note }),
    reviewOf: (sessionId) => db.reviews.where('sessionId').equals(sessionId).first(),
    pause: (sessionId) => act({ type: 'session.pause', sessionId }),
    resume: (sessionId) => act({ type: 'session.resume', sessionId }),
    extend: (sessionId, minutes) => act({ type: 'session.extend', sessionId, minutes }),
    async plan(input) {
      planning.value = true;
      streamed.value = [];
      progress.value = { stage: 'Asking the companion to scan…' };
      const r = await sendRequest<{ sessionId: string; plan: { notices: string[] } }>({ type: 'session.plan', ...input });
      // Stay in Planning until the stored plan reaches this page, so the form does not flash back.
      if (r.ok) await untilCurrentIs(r.value.sessionId, 2_000);
      planning.value = false;
      progress.value = null;
      streamed.value = [];
      if (!r.ok) return r.error.message;
      notices.value = r.value.plan.notices;
      return null;
    },
    async start(sessionId) {
      const r = await sendRequest({ type: 'session.start', sessionId });
      return r.ok ? null : r.error.message;
    },
    async end(sessionId, outcome) {
      const r = await sendRequest({ type: 'session.end', sessionId, outcome });
      return r.ok ? null : r.error.message;
    },
  };
}
