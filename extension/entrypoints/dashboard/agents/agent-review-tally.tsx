import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import type { AgentReviewRow } from '../../../lib/db/db';
import { agentReviewTally } from '../../../lib/agents/agent-review-tally';
import { useAgentsDb } from './agents-db';
import './agents.css';

/**
 * "Agent sessions: 2 (1 OK, 1 Needs fix)" beside a SessionPilot session: the reviews of the agent
 * sessions that ran in it, followed live. Nothing is shown when none was reviewed.
 */
export function AgentReviewTally({ spSessionId, compact = false }: { spSessionId: string; compact?: boolean }) {
  const db = useAgentsDb();
  const [rows, setRows] = useState<AgentReviewRow[]>([]);
  useEffect(() => {
    const sub = liveQuery(() => db.agentReviews.where('spSessionId').equals(spSessionId).toArray()).subscribe({ next: setRows, error: () => setRows([]) });
    return () => sub.unsubscribe();
  }, [spSessionId]);
  const tally = agentReviewTally(rows);
  if (!tally) return null;
  return (
    <a class={`agent-tally${compact ? ' compact' : ''}`} href="#agents" title="Reviews of the AI agent sessions that ran in this session">
      {compact ? `Agents: ${tally}` : `Agent sessions: ${tally}`}
    </a>
  );
}
