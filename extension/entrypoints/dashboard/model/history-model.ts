import type { Session } from '../../../../shared/domain/session';
import type { SessionEvent } from '../../../../shared/domain/event';
import type { Task } from '../../../../shared/domain/task';
import type { ReviewRow, SessionPilotDb } from '../../../lib/db/db';

export interface HistoryQuery {
  text: string;
  workspaceId: string;
  /** YYYY-MM-DD, local days, inclusive. */
  from: string;
  to: string;
  rating: string;
  page: number;
}

export interface HistoryRow {
  session: Session;
  workspaceName: string;
  rating: ReviewRow['rating'] | null;
}

export const PAGE_SIZE = 50;

function dayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : null;
}

export interface HistoryModel {
  search(q: HistoryQuery): Promise<{ rows: HistoryRow[]; total: number }>;
  open(sessionId: string): Promise<{ session: Session; tasks: Task[]; events: SessionEvent[] } | null>;
}

/** Past sessions, newest first, a page at a time: the list stays quick with years of history. */
export function createHistoryModel(db: SessionPilotDb): HistoryModel {
  return {
    async search(q) {
      const [workspaces, reviews] = await Promise.all([db.workspaces.toArray(), db.reviews.toArray()]);
      const names = new Map(workspaces.map((w) => [w.id, w.name]));
      const ratings = new Map(reviews.map((r) => [r.sessionId, r.rating]));
      const text = q.text.trim().toLowerCase();
      const from = dayStart(q.from);
      const toStart = dayStart(q.to);
      const to = toStart === null ? null : toStart + 86_400_000;
      const match = (s: Session) =>
        (s.status === 'completed' || s.status === 'cancelled') &&
        (!q.workspaceId || s.workspaceId === q.workspaceId) &&
        (from === null || s.createdAt >= from) &&
        (to === null || s.createdAt < to) &&
        (!q.rating || (q.rating === 'none' ? !ratings.has(s.id) : ratings.get(s.id) === q.rating)) &&
        (!text || s.goal.toLowerCase().includes(text) || (names.get(s.workspaceId) ?? '').toLowerCase().includes(text));
      // One pass, newest first: count every match and keep only this page's rows.
      const start = q.page * PAGE_SIZE;
      const page: Session[] = [];
      let total = 0;
      await db.sessions.orderBy('createdAt').reverse().each((s) => {
        if (!match(s)) return;
        if (total >= start && total < start + PAGE_SIZE) page.push(s);
        total++;
      });
      return { rows: page.map((session) => ({ session, workspaceName: names.get(session.workspaceId) ?? 'deleted workspace', rating: ratings.get(session.id) ?? null })), total };
    },
    async open(sessionId) {
      const session = await db.sessions.get(sessionId);
      if (!session) return null;
      const [tasks, events] = await Promise.all([
        db.tasks.where('[sessionId+order]').between([sessionId, -Infinity], [sessionId, Infinity]).toArray(),
        db.events.where('sessionId').equals(sessionId).sortBy('at'),
      ]);
      return { session, tasks, events };
    },
  };
}
