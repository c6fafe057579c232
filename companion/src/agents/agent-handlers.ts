import type { ErrorBody } from '../../../shared/protocol/errors';
import type { HandlerTable, RequestContext } from '../server/method-handlers';
import type { AgentSessionRef } from '../../../shared/protocol/agent-methods';
import { sessionCatalog, type CatalogSession } from './session-catalog';
import { listSessions, realRoots, sessionAllowed, type SessionQuery } from './session-list';
import { readSessionOutline, readSessionPage } from './session-pages';

function roots(ctx: RequestContext): string[] {
  const config = ctx.state.readConfig();
  return config.ok && config.value ? config.value.roots : [];
}

const failure = (error: ErrorBody): { ok: false; error: ErrorBody } => ({ ok: false, error });
/** An unexpected error reading the logs, as one sentence (no stack). */
const unreadable = (err: unknown): ErrorBody => ({ code: 'internal', message: `The agent logs could not be read (${(err as Error)?.message ?? 'unknown error'}).`.slice(0, 500) });

// The same answer for a session that does not exist and one outside the roots: nothing is revealed.
const NOT_FOUND: ErrorBody = { code: 'session_not_found', message: 'No agent session with this id is inside the folders this companion may read.' };

/** The session, when its folder is inside an allowed root; never a path from the extension. */
async function allowedSession(ctx: RequestContext, ref: AgentSessionRef): Promise<CatalogSession | null> {
  const session = await sessionCatalog(ctx.state.home).find(ref.agent, ref.sessionId);
  return session && sessionAllowed(session, realRoots(roots(ctx))) ? session : null;
}

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
  async 'agents.session.page'(params, ctx) {
    const p = params as AgentSessionRef & { cursor?: string; limit: number };
    try {
      const session = await allowedSession(ctx, p);
      if (!session) return failure(NOT_FOUND);
      const page = readSessionPage(session, { agent: p.agent, sessionId: p.sessionId }, p.cursor, p.limit);
      return page.ok ? { ok: true, result: page.value } : failure(page.error);
    } catch (err) {
      return failure(unreadable(err));
    }
  },
  async 'agents.session.outline'(params, ctx) {
    const p = params as AgentSessionRef;
    try {
      const session = await allowedSession(ctx, p);
      if (!session) return failure(NOT_FOUND);
      const outline = readSessionOutline(session, { agent: p.agent, sessionId: p.sessionId });
      return outline.ok ? { ok: true, result: outline.value } : failure(outline.error);
    } catch (err) {
      return failure(unreadable(err));
    }
  },
};
