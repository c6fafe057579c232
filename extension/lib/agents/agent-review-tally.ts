import type { AgentReviewRow } from '../db/db';
import { AGENT_RATING_LABEL, type AgentRating } from '../../../shared/export/agent-session-export-text';

const ORDER: readonly AgentRating[] = ['ok', 'partial', 'needs_fix', 'reverted'];

/** "2 (1 OK, 1 Needs fix)", or "2 OK" when all agree, for the agent sessions rated under one SessionPilot session; null when none. */
export function agentReviewTally(rows: readonly Pick<AgentReviewRow, 'rating'>[]): string | null {
  if (rows.length === 0) return null;
  const counts = new Map<AgentRating, number>();
  for (const r of rows) counts.set(r.rating, (counts.get(r.rating) ?? 0) + 1);
  const parts = ORDER.filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${AGENT_RATING_LABEL[k]}`);
  return parts.length === 1 ? parts[0]! : `${rows.length} (${parts.join(', ')})`;
}
