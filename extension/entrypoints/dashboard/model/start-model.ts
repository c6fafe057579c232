import { liveQuery } from 'dexie';
import type { BacklogRow, SessionPilotDb } from '../../../lib/db/db';
import { sendRequest } from '../../../lib/messages/send-request';

export interface StartContext {
  /** Goals of this workspace's recent sessions, newest first, each once. */
  recentGoals: string[];
  /** The last ended session's suggested next goal, and when that session ended. */
  handoff: { goal: string; endedAt: number } | null;
  backlog: BacklogRow[];
}

export interface StartModel {
  /** Follows what the Start step offers for a workspace; returns the unsubscribe. */
  watch(workspaceId: string, onChange: (context: StartContext) => void): () => void;
  removeBacklogItem(id: string): Promise<string | null>;
}

const RECENT = 8;
/** Sessions looked at, newest first: enough for a handful of distinct goals without reading all history. */
const LOOK_BACK = 200;

export async function loadStartContext(db: SessionPilotDb, workspaceId: string): Promise<StartContext> {
  const recent = await db.sessions.orderBy('createdAt').reverse().filter((s) => s.workspaceId === workspaceId).limit(LOOK_BACK).toArray();
  const seen = new Set<string>();
  const recentGoals: string[] = [];
  for (const s of recent) {
    const goal = s.goal.trim();
    if (!goal || seen.has(goal.toLowerCase())) continue;
    seen.add(goal.toLowerCase());
    recentGoals.push(goal);
    if (recentGoals.length === RECENT) break;
  }
  const ended = recent.find((s) => (s.status === 'completed' || s.status === 'cancelled') && s.endedAt !== undefined);
  const handoff = ended?.nextGoal ? { goal: ended.nextGoal, endedAt: ended.endedAt! } : null;
  const backlog = await db.backlog.where('workspaceId').equals(workspaceId).sortBy('createdAt');
  return { recentGoals, handoff, backlog };
}

export function createStartModel(db: SessionPilotDb): StartModel {
  return {
    watch(workspaceId, onChange) {
      const sub = liveQuery(() => loadStartContext(db, workspaceId)).subscribe({ next: onChange, error: () => {} });
      return () => sub.unsubscribe();
    },
    async removeBacklogItem(id) {
      const r = await sendRequest({ type: 'backlog.remove', id });
      return r.ok ? null : r.error.message;
    },
  };
}
