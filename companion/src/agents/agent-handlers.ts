import type { HandlerTable } from '../server/method-handlers';

/** Replay of agents' past sessions: list, page, outline (see shared/protocol/agent-methods.ts). */
export const agentHandlers: HandlerTable<'agents.sessions' | 'agents.session.page' | 'agents.session.outline'> = {
  async 'agents.sessions'() {
    return { ok: false, error: { code: 'not_implemented', message: 'Agent sessions are not available yet.' } };
  },
  async 'agents.session.page'() {
    return { ok: false, error: { code: 'not_implemented', message: 'Agent sessions are not available yet.' } };
  },
  async 'agents.session.outline'() {
    return { ok: false, error: { code: 'not_implemented', message: 'Agent sessions are not available yet.' } };
  },
};
