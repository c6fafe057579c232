import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createDb, type SessionPilotDb } from '../../../lib/db/db';

let opened: SessionPilotDb | null = null;

/** The database the Analytics view reads (never writes); opened on first use, tests provide their own. */
export const AnalyticsDbContext = createContext<() => SessionPilotDb>(() => (opened ??= createDb()));

export function useAnalyticsDb(): SessionPilotDb {
  return useContext(AnalyticsDbContext)();
}
