import { useEffect, useMemo, useState } from 'preact/hooks';
import { callCompanion } from '../../../lib/messages/call-companion';
import { sendRequest } from '../../../lib/messages/send-request';
import { useModel } from '../model/model-context';
import { AgentList } from './agent-list';
import { createAgentListModel } from './agent-list-model';
import { AgentSessionView } from './agent-session-view';
import { AgentsContext, type AgentsModel } from './agents-context';
import { useAgentsDb } from './agents-db';
import { agentsRouteOf } from './agents-route';
import './agents.css';

async function act(request: Parameters<typeof sendRequest>[0]): Promise<string | null> {
  const r = await sendRequest(request);
  return r.ok ? null : r.error.message;
}

/** The hash, followed (the page shows the list or one session by it). */
function useHash(): string {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const follow = () => setHash(window.location.hash);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return hash;
}

/** Agent sessions: the list, one session's replay, its review and export (agent sessions issue). */
export function AgentsPage() {
  const { workspaces, companion } = useModel();
  const db = useAgentsDb();
  const model = useMemo<AgentsModel>(() => {
    const now = () => Date.now();
    return {
      list: createAgentListModel({ db, call: callCompanion, now, workspaces: workspaces.list }),
      call: callCompanion,
      db,
      now,
      workspaces: workspaces.list,
      saveReview: (review) => act({ type: 'agentReview.save', review }),
      deleteReview: (id) => act({ type: 'agentReview.delete', id }),
    };
  }, [db]);
  useEffect(() => () => model.list.dispose(), [model]);
  const route = agentsRouteOf(useHash());
  const connected = companion.status.value?.state === 'connected';
  const workspacesKnown = workspaces.list.value !== null;
  // The list loads once the workspaces are known (it names them), and again when the companion connects.
  useEffect(() => {
    if (workspacesKnown) void model.list.reload();
  }, [workspacesKnown, connected]);
  return (
    <AgentsContext.Provider value={model}>{route.kind === 'session' ? <AgentSessionView key={`${route.ref.agent}:${route.ref.sessionId}`} sessionRef={route.ref} /> : <AgentList />}</AgentsContext.Provider>
  );
}
