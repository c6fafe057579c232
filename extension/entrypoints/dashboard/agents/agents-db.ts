import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createDb, type SessionPilotDb } from '../../../lib/db/db';

let opened: SessionPilotDb | null = null;

/**
 * The database the agent views read (sessions, workspaces, agentReviews) — never written here:
 * writes go through the background. Opened on first use; tests provide their own.
 */
export const AgentsDbContext = createContext<() => SessionPilotDb>(() => (opened ??= createDb()));

export function useAgentsDb(): SessionPilotDb {
  return useContext(AgentsDbContext)();
}
