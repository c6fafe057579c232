import { signal, type Signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { FocusWeights } from '../../../../shared/domain/focus';
import type { Session } from '../../../../shared/domain/session';
import type { Task } from '../../../../shared/domain/task';
import type { SessionPilotDb } from '../../../lib/db/db';
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
  plan(input: { workspaceId: string; goal: string; budgetMinutes: number; focus: FocusWeights }): Promise<string | null>;
  start(sessionId: string): Promise<string | null>;
  end(sessionId: string, outcome: 'completed' | 'cancelled'): Promise<string | null>;
}

export function createSessionModel(db: SessionPilotDb): SessionModel {
  const current = signal<CurrentSession | null>(null);
  const progress = signal<PlanProgress | null>(null);
  const planning = signal(false);
  const notices = signal<string[]>([]);
  const live = signal<{ markers: number; failingTests: number; at: number } | null>(null);

  liveQuery(async () => {
    const open = await db.sessions.where('status').anyOf('selecting', 'active', 'paused').sortBy('createdAt');
    const session = open.pop();
    if (!session) return null;
    const tasks = await db.tasks.where('[sessionId+order]').between([session.id, -Infinity], [session.id, Infinity]).toArray();
    return { session, tasks };
  }).subscribe({ next: (v) => (current.value = v), error: () => (current.value = null) });

  onBroadcast({
    signals: ({ scan }) => {
      if (current.value && current.value.session.status !== 'selecting') {
        live.value = { markers: scan.markers.length, failingTests: scan.tests.failures.length, at: Date.now() };
      }
    },
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
    async plan(input) {
      planning.value = true;
      progress.value = { stage: 'Asking the companion to scan…' };
      const r = await sendRequest<{ sessionId: string; plan: { notices: string[] } }>({ type: 'session.plan', ...input });
      planning.value = false;
      progress.value = null;
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
