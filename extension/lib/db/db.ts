import Dexie, { type EntityTable } from 'dexie';
import type { Workspace } from '../../../shared/domain/workspace';
import type { Session } from '../../../shared/domain/session';
import type { Task } from '../../../shared/domain/task';
import type { SessionEvent } from '../../../shared/domain/event';
import type { Signal } from '../../../shared/domain/signal';
import { DB_NAME, SCHEMA_VERSIONS, type SchemaVersion } from './schema-versions';

/** A workspace row; `deletedAt` marks one deleted but still undoable (purged after the undo window). */
export type WorkspaceRow = Workspace & { deletedAt?: number };
export type EventRow = SessionEvent & { id?: number };
export type SignalRow = Signal & { sessionId: string };

export interface BacklogRow {
  id: string;
  workspaceId: string;
  title: string;
  url?: string;
  createdAt: number;
}
export interface AgentRunRow {
  id: string;
  sessionId?: string;
  startedAt: number;
}
export interface ReviewRow {
  id: string;
  sessionId: string;
  rating: 'ok' | 'needs_fix' | 'reverted' | 'partial';
  note: string;
  createdAt: number;
}
export type ReviewRating = ReviewRow['rating'];
/** A developer's verdict on one AI agent session, keyed `${agent}:${sessionId}`. */
export interface AgentReviewRow {
  id: string;
  agent: 'claude' | 'codex';
  sessionId: string;
  rating: ReviewRating;
  note: string;
  /** Other agent sessions this one is linked to (their ids, `${agent}:${sessionId}`). */
  links: string[];
  /** The SessionPilot session the agent session ran in, when one was found. */
  spSessionId?: string;
  createdAt: number;
  updatedAt: number;
}
export interface SettingRow {
  key: string;
  value: unknown;
}

export type SessionPilotDb = Dexie & {
  workspaces: EntityTable<WorkspaceRow, 'id'>;
  sessions: EntityTable<Session, 'id'>;
  tasks: EntityTable<Task, 'id'>;
  events: EntityTable<EventRow, 'id'>;
  signals: EntityTable<SignalRow, 'id'>;
  backlog: EntityTable<BacklogRow, 'id'>;
  agentRuns: EntityTable<AgentRunRow, 'id'>;
  reviews: EntityTable<ReviewRow, 'id'>;
  settings: EntityTable<SettingRow, 'key'>;
  agentReviews: EntityTable<AgentReviewRow, 'id'>;
};

/** Opens the database declared by `versions` (all of them by default; tests pass a prefix). */
export function createDb(name = DB_NAME, versions: readonly SchemaVersion[] = SCHEMA_VERSIONS): SessionPilotDb {
  const db = new Dexie(name) as SessionPilotDb;
  for (const v of versions) {
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  return db;
}
