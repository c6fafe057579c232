/**
 * Every Dexie schema version, side by side and never edited once shipped. A new version appends
 * an entry (with an upgrade when rows change shape) and a test that seeds the previous version.
 */
import type { Transaction } from 'dexie';

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void> | void;
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  // v1 — 2026-11-22: the first schema (foundation issue). Index only what is queried.
  {
    version: 1,
    stores: {
      workspaces: 'id, updatedAt, deletedAt',
      sessions: 'id, workspaceId, status, createdAt',
      tasks: 'id, sessionId, [sessionId+order]',
      events: '++id, sessionId, at',
      signals: 'id, sessionId',
      backlog: 'id, workspaceId, createdAt',
      agentRuns: 'id, sessionId, startedAt',
      reviews: 'id, sessionId',
      settings: 'key',
    },
  },
  // v2 — 2026-11-22: ratings of AI agents' sessions (agent sessions issue), by agent:sessionId.
  // Only a table is added, so no row of v1 changes; the upgrade test seeds v1 and checks every row.
  {
    version: 2,
    stores: {
      agentReviews: 'id, rating, updatedAt, spSessionId',
    },
  },
];

export const DB_NAME = 'sessionpilot';
