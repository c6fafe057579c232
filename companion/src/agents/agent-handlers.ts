import type { ErrorBody } from '../../../shared/protocol/errors';
import type { HandlerTable, RequestContext } from '../server/method-handlers';
import { sessionCatalog } from './session-catalog';
import { listSessions, type SessionQuery } from './session-list';

function roots(ctx: RequestContext): string[] {
  const config = ctx.state.readConfig();
  return config.ok && config.value ? config.value.roots : [];
}

const failure = (error: ErrorBody): { ok: false; error: ErrorBody } => ({ ok: false, error });
/** An unexpected error reading the logs, as one sentence (no stack). */
const unreadable = (err: unknown): ErrorBody => ({ code: 'internal', message: `The agent logs could not be read (${(err as Error)?.message ?? 'unknown error'}).`.slice(0, 500) });

/** Replay of agents' past sessions: list, page, outline (see shared/protocol/agent-methods.ts). */
export const agentHandlers: HandlerTable<'agents.sessions' | 'agents.session.page' | 'agents.session.outline'> = {
  async 'agents.sessions'(params, ctx) {
    try {
      const listed = await listSessions(sessionCatalog(ctx.state.home), params as SessionQuery, roots(ctx));
      return listed.ok ? { ok: true, result: listed.value } : failure(listed.error);
    } catch (err) {
      return failure(unreadable(err));
    }
  },
  async 'agents.session.page'() {
    return { ok: false, error: { code: 'not_implemented', message: 'Agent sessions are not available yet.' } };
  },
  async 'agents.session.outline'() {
    return { ok: false, error: { code: 'not_implemented', message: 'Agent sessions are not available yet.' } };
  },
};
