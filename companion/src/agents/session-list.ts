import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import type { AgentKind, AgentSessionSummary } from '../../../shared/protocol/agent-methods';
import type { MethodResult } from '../../../shared/protocol/methods';
import { redactSecrets } from '../../../shared/text/redact';
import { fail, ok, type Result } from '../../../shared/result';
import { confineToRoots, isInside } from '../server/root-guard';
import type { CatalogSession, SessionCatalog } from './session-catalog';
import { sessionKey, type SessionUsageTotals } from './session-usage-totals';

export interface SessionQuery {
  query?: string;
  agent?: AgentKind;
  path?: string;
  from?: number;
  to?: number;
  offset: number;
  limit: number;
}

const FILES_MAX = 200;

/** The allowed roots as real paths (a root that no longer exists allows nothing). */
export function realRoots(roots: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of roots) {
    try {
      out.push(realpathSync.native(r));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Whether a session may be shown: its folder, resolved, is inside an allowed root. */
export function sessionAllowed(s: CatalogSession, roots: readonly string[]): boolean {
  return s.realCwd !== null && roots.some((r) => isInside(s.realCwd!, r));
}

/** Files edited, relative to the session's folder when inside it; files outside every root are left out. */
function editedFiles(files: readonly string[], cwd: string | null, realCwd: string, roots: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (out.length >= FILES_MAX) break;
    let rel: string | null = null;
    for (const base of [cwd, realCwd]) {
      if (base && f.startsWith(base.endsWith(sep) ? base : base + sep)) {
        rel = f.slice(base.length + (base.endsWith(sep) ? 0 : 1));
        break;
      }
    }
    const shown = rel ?? (roots.some((r) => isInside(f, r)) ? f : null);
    if (shown && !out.includes(shown)) out.push(redactSecrets(shown).slice(0, 4096));
  }
  return out;
}

function summary(s: CatalogSession, u: SessionUsageTotals | undefined, roots: readonly string[]): AgentSessionSummary {
  const startedAt = Math.min(s.startedAt ?? Infinity, u?.firstAt ?? Infinity);
  const endedAt = Math.max(s.endedAt ?? -Infinity, u?.lastAt ?? -Infinity);
  const turns = u?.turns ?? 0;
  return {
    agent: s.agent,
    sessionId: s.sessionId,
    cwd: s.realCwd,
    startedAt: Number.isFinite(startedAt) ? startedAt : 0,
    endedAt: Number.isFinite(endedAt) ? endedAt : Number.isFinite(startedAt) ? startedAt : 0,
    title: s.title,
    models: (u?.models ?? []).slice(0, 20).map((m) => m.slice(0, 200)),
    turns,
    userMessages: s.userMessages,
    inputTokens: u?.inputTokens ?? 0,
    outputTokens: u?.outputTokens ?? 0,
    cacheCreationTokens: u?.cacheCreationTokens ?? 0,
    cacheReadTokens: u?.cacheReadTokens ?? 0,
    totalTokens: u ? u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens : 0,
    // No response priced: the cost is unknown, never $0 (a session with no responses cost nothing).
    cost: turns === 0 ? 0 : u!.pricedTurns === 0 ? null : u!.cost,
    unpricedModels: (u?.unpricedModels ?? []).slice(0, 20).map((m) => m.slice(0, 200)),
    files: editedFiles(u?.files ?? [], s.cwd, s.realCwd!, roots),
    lines: s.lines,
  };
}

/**
 * The sessions inside the allowed roots, newest activity first: filtered by words (all must appear
 * in the title, folder, models or session id), agent, folder and time window, then paged.
 */
export async function listSessions(catalog: SessionCatalog, q: SessionQuery, roots: readonly string[]): Promise<Result<MethodResult<'agents.sessions'>>> {
  let within: string | null = null;
  if (q.path !== undefined) {
    const confined = confineToRoots(q.path, roots);
    if (!confined.ok) return fail(confined.error.code, confined.error.message);
    within = confined.value;
  }
  const allowed = realRoots(roots);
  const sessions = await catalog.sessions();
  const notices = [...catalog.notices];
  let usage: Map<string, SessionUsageTotals> = new Map();
  try {
    const u = await catalog.usage();
    usage = u.sessions;
    notices.push(...u.notices);
  } catch (err) {
    notices.push(`agent usage could not be read (${(err as Error).message}); tokens and costs are missing`);
  }
  const words = (q.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const rows: Array<{ s: CatalogSession; u: SessionUsageTotals | undefined; end: number; start: number }> = [];
  for (const s of sessions.values()) {
    if (!sessionAllowed(s, allowed)) continue;
    if (q.agent && s.agent !== q.agent) continue;
    if (within !== null && !isInside(s.realCwd!, within)) continue;
    const u = usage.get(sessionKey(s.agent, s.sessionId));
    const start = Math.min(s.startedAt ?? Infinity, u?.firstAt ?? Infinity);
    const end = Math.max(s.endedAt ?? -Infinity, u?.lastAt ?? -Infinity);
    if (q.from !== undefined && end < q.from) continue;
    if (q.to !== undefined && start > q.to) continue;
    if (words.length) {
      const hay = `${s.title}\n${s.realCwd}\n${s.cwd ?? ''}\n${(u?.models ?? []).join(' ')}\n${s.sessionId}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) continue;
    }
    rows.push({ s, u, end, start });
  }
  rows.sort((a, b) => b.end - a.end || b.start - a.start || (a.s.sessionId < b.s.sessionId ? -1 : a.s.sessionId > b.s.sessionId ? 1 : 0));
  const page = rows.slice(q.offset, q.offset + q.limit).map((r) => summary(r.s, r.u, allowed));
  return ok({ sessions: page, total: rows.length, notices: notices.slice(0, 20).map((n) => redactSecrets(n).slice(0, 1000)) });
}
