import type { AgentSessionSummary, ConversationItem } from '../../../../shared/protocol/agent-methods';
import { AgentMethods } from '../../../../shared/protocol/agent-methods';
import type { MethodResult } from '../../../../shared/protocol/methods';
import type { CallCompanion } from './agent-list-model';

/**
 * A companion for tests that answers the agent methods as the contract says: params parsed by the
 * method's schema (defaults applied), filters and paging applied, cursors opaque.
 */
export interface FakeAgentCompanion {
  call: CallCompanion;
  calls: Array<{ method: string; params: unknown }>;
  /** Makes every call fail with this error, as when the companion is not connected. */
  failWith: { code: string; message: string } | null;
}

function within(cwd: string | null, folder: string): boolean {
  return cwd !== null && (cwd === folder || cwd.startsWith(`${folder.replace(/\/$/, '')}/`));
}

const badParams = (method: string) => ({ ok: false, error: { code: 'bad_params', message: `Bad parameters for ${method}.` } });

export function fakeAgentCompanion(sessions: AgentSessionSummary[], logs: Record<string, ConversationItem[]> = {}): FakeAgentCompanion {
  const fake: FakeAgentCompanion = {
    calls: [],
    failWith: null,
    call: (async (method: string, rawParams: unknown) => {
      fake.calls.push({ method, params: rawParams });
      if (fake.failWith) return { ok: false, error: fake.failWith };
      if (method === 'agents.sessions') {
        const parsed = AgentMethods['agents.sessions'].params.safeParse(rawParams);
        if (!parsed.success) return badParams('agents.sessions');
        const p = parsed.data;
        const words = (p.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        const hits = sessions
          .filter((s) => (!p.agent || s.agent === p.agent) && (!p.path || within(s.cwd, p.path)) && (p.from === undefined || s.endedAt >= p.from) && (p.to === undefined || s.startedAt <= p.to))
          .filter((s) => words.every((w) => [s.title, s.cwd ?? '', s.models.join(' '), s.sessionId].some((t) => t.toLowerCase().includes(w))))
          .sort((a, b) => b.startedAt - a.startedAt);
        const result: MethodResult<'agents.sessions'> = { sessions: hits.slice(p.offset, p.offset + p.limit), total: hits.length, notices: [] };
        return { ok: true, value: result };
      }
      if (method === 'agents.session.page') {
        const parsed = AgentMethods['agents.session.page'].params.safeParse(rawParams);
        if (!parsed.success) return badParams('agents.session.page');
        const p = parsed.data;
        const items = logs[`${p.agent}:${p.sessionId}`];
        if (!items) return { ok: false, error: { code: 'not_found', message: 'That agent session is not in the allowed folders.' } };
        const start = p.cursor ? Number(p.cursor.slice(2)) : 0;
        const page = items.slice(start, start + p.limit);
        const next = start + p.limit < items.length ? `c:${start + p.limit}` : null;
        const result: MethodResult<'agents.session.page'> = { items: page, nextCursor: next, skipped: 0 };
        return { ok: true, value: result };
      }
      if (method === 'agents.session.outline') {
        const parsed = AgentMethods['agents.session.outline'].params.safeParse(rawParams);
        if (!parsed.success) return badParams('agents.session.outline');
        const p = parsed.data;
        const items = logs[`${p.agent}:${p.sessionId}`] ?? [];
        const questions = items.flatMap((it, i) => (it.kind === 'user' ? [{ at: it.at, line: it.line, text: it.text.slice(0, 400), cursor: `c:${i}` }] : []));
        const result: MethodResult<'agents.session.outline'> = { questions, lines: items.length };
        return { ok: true, value: result };
      }
      return { ok: false, error: { code: 'unknown_method', message: `No method ${method}.` } };
    }) as CallCompanion,
  };
  return fake;
}

export function summary(sessionId: string, patch: Partial<AgentSessionSummary> = {}): AgentSessionSummary {
  return {
    agent: 'claude',
    sessionId,
    cwd: '/src/shop',
    startedAt: 1_000,
    endedAt: 2_000,
    title: `Question of ${sessionId}`,
    models: ['claude-sonnet-4-5'],
    turns: 3,
    userMessages: 1,
    inputTokens: 10,
    outputTokens: 20,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    totalTokens: 30,
    cost: 0.5,
    unpricedModels: [],
    files: [],
    lines: 10,
    ...patch,
  };
}
