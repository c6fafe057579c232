import { AgentKindSchema, type AgentSessionRef } from '../../../../shared/protocol/agent-methods';

export type AgentsRoute = { kind: 'list' } | { kind: 'session'; ref: AgentSessionRef };

/** `#agents` is the list; `#agents/claude/<sessionId>` one session (the id URI-encoded). */
export function agentsRouteOf(hash: string): AgentsRoute {
  const [head, agent, ...rest] = hash.replace(/^#\/?/, '').split('/');
  if (head !== 'agents' || agent === undefined || rest.length === 0) return { kind: 'list' };
  const kind = AgentKindSchema.safeParse(agent);
  let sessionId: string;
  try {
    sessionId = decodeURIComponent(rest.join('/'));
  } catch {
    return { kind: 'list' };
  }
  if (!kind.success || sessionId === '' || sessionId.length > 200) return { kind: 'list' };
  return { kind: 'session', ref: { agent: kind.data, sessionId } };
}

export function agentSessionHash(ref: AgentSessionRef): string {
  return `#agents/${ref.agent}/${encodeURIComponent(ref.sessionId)}`;
}
