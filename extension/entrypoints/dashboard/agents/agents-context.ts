import type { Signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Workspace } from '../../../../shared/domain/workspace';
import type { AgentSessionRef } from '../../../../shared/protocol/agent-methods';
import type { Result } from '../../../../shared/result';
import type { SessionPilotDb } from '../../../lib/db/db';
import type { AgentReviewInput } from '../../../lib/agents/agent-review-input';
import { withSessionPilotLinks, type AgentListModel, type AgentRow, type CallCompanion } from './agent-list-model';

/** What the agent views share: the list model, the companion, and the (read-only) database. */
export interface AgentsModel {
  list: AgentListModel;
  call: CallCompanion;
  db: SessionPilotDb;
  now: () => number;
  workspaces: Signal<Workspace[] | null>;
  /** Saves a review through the background; null when it worked, else one sentence. */
  saveReview(input: AgentReviewInput): Promise<string | null>;
  deleteReview(id: string): Promise<string | null>;
}

export const AgentsContext = createContext<AgentsModel | null>(null);

export function useAgents(): AgentsModel {
  const model = useContext(AgentsContext);
  if (!model) throw new Error('useAgents() outside <AgentsContext.Provider>');
  return model;
}

/** One session's row: from the list when it is there, else asked of the companion by its id. */
export async function findAgentRow(model: AgentsModel, ref: AgentSessionRef): Promise<Result<AgentRow | null>> {
  const listed = model.list.page.value?.rows.find((r) => r.summary.agent === ref.agent && r.summary.sessionId === ref.sessionId);
  if (listed) return { ok: true, value: listed };
  const r = await model.call('agents.sessions', { query: ref.sessionId, agent: ref.agent, limit: 100 });
  if (!r.ok) return r;
  const summary = r.value.sessions.find((s) => s.sessionId === ref.sessionId);
  if (!summary) return { ok: true, value: null };
  const [row] = await withSessionPilotLinks(model.db, [summary], model.workspaces.value ?? [], model.now());
  return { ok: true, value: row ?? null };
}
