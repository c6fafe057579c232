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
