import type { SessionUsage, TaskWindow } from '../../../shared/usage/session-usage';
import { attributeUsage } from '../../../shared/usage/session-usage';
import type { UsageEntry } from '../../../shared/usage/usage-schemas';
import { loadUsageEntries } from './usage-report';

let inFlight: Promise<{ entries: UsageEntry[]; notices: string[] }> | undefined;

/** One import at a time: concurrent asks (two dashboards, a poll) share it instead of racing on the store. */
function entriesOnce(home: string): Promise<{ entries: UsageEntry[]; notices: string[] }> {
  inFlight ??= loadUsageEntries({ home, env: process.env }).finally(() => (inFlight = undefined));
  return inFlight;
}

/**
 * Usage of the agents whose logs live on this machine, attributed to one session window of a
 * workspace (its real path, already confined to the allowed roots).
 */
export async function sessionUsage(input: { home: string; root: string; from: number; to: number; tasks: readonly TaskWindow[] }): Promise<SessionUsage & { notices: string[] }> {
  const { entries, notices } = await entriesOnce(input.home);
  return { ...attributeUsage(entries, input), notices };
}
