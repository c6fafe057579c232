import { signal, type Signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { Session } from '../../../../shared/domain/session';
import type { Workspace } from '../../../../shared/domain/workspace';
import type { AgentSessionSummary, AgentKind } from '../../../../shared/protocol/agent-methods';
import type { MethodParams } from '../../../../shared/protocol/methods';
import { agentSessionKey, type AgentRating } from '../../../../shared/export/agent-session-export-text';
import type { Failure, Result } from '../../../../shared/result';
import type { AgentReviewRow, SessionPilotDb } from '../../../lib/db/db';
import type { callCompanion } from '../../../lib/messages/call-companion';
import { linkedSession, workspaceOfCwd } from '../../../lib/agents/agent-session-links';

export type CallCompanion = typeof callCompanion;

export interface AgentFilters {
  query: string;
  agent: '' | AgentKind;
  workspaceId: string;
  /** YYYY-MM-DD, local days, inclusive. */
  from: string;
  to: string;
  rating: '' | AgentRating | 'none';
  offset: number;
}

export const EMPTY_FILTERS: AgentFilters = { query: '', agent: '', workspaceId: '', from: '', to: '', rating: '', offset: 0 };
export const PAGE_SIZE = 100;
/** With a rating filter the list is filtered here, over at most this many of the newest sessions. */
export const RATING_SCAN_LIMIT = 5_000;
const SCAN_PAGE = 500;
/** A SessionPilot session is created (planned) before it starts; look this far back for one. */
const PLANNED_BEFORE_MS = 2 * 86_400_000;

/** One agent session as the list shows it, with what SessionPilot knows about it. */
export interface AgentRow {
  summary: AgentSessionSummary;
  /** `claude:<sessionId>`, the id of its review. */
  key: string;
  workspace: Workspace | null;
  spSession: Session | null;
}

export interface AgentListPage {
  rows: AgentRow[];
  total: number;
  offset: number;
  notices: string[];
}

function dayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : null;
}

/** The companion's params for the filters it applies itself (all but the rating, which lives here). */
export function agentSessionsParams(f: AgentFilters, workspaces: readonly Workspace[]): MethodParams<'agents.sessions'> {
  const params: MethodParams<'agents.sessions'> = {};
  const query = f.query.trim();
  if (query) params.query = query.slice(0, 500);
  if (f.agent) params.agent = f.agent;
  const workspace = f.workspaceId ? workspaces.find((w) => w.id === f.workspaceId) : undefined;
  if (workspace) params.path = workspace.path;
  const from = dayStart(f.from);
  const to = dayStart(f.to);
  if (from !== null) params.from = from;
  if (to !== null) params.to = to + 86_400_000 - 1;
  return params;
}

/** Adds the workspace and the SessionPilot session each agent session ran in (read from Dexie). */
export async function withSessionPilotLinks(db: SessionPilotDb, summaries: readonly AgentSessionSummary[], workspaces: readonly Workspace[], now: number): Promise<AgentRow[]> {
  if (summaries.length === 0) return [];
  const first = Math.min(...summaries.map((s) => s.startedAt));
  const last = Math.max(...summaries.map((s) => s.endedAt));
  const sessions = await db.sessions.where('createdAt').between(first - PLANNED_BEFORE_MS, last, true, true).toArray();
  return summaries.map((summary) => {
    const workspace = workspaceOfCwd(summary.cwd, workspaces);
    return {
      summary,
      key: agentSessionKey(summary),
      workspace,
      spSession: workspace ? linkedSession(summary, workspace.id, sessions, now) : null,
    };
  });
}

export interface AgentListDeps {
  db: SessionPilotDb;
  call: CallCompanion;
  now: () => number;
}

/** One page of the list: paged by the companion, or — with a rating filter — filtered and paged here. */
export async function loadAgentList(f: AgentFilters, workspaces: readonly Workspace[], reviews: ReadonlyMap<string, AgentReviewRow>, deps: AgentListDeps): Promise<Result<AgentListPage>> {
  const params = agentSessionsParams(f, workspaces);
  let summaries: AgentSessionSummary[];
  let total: number;
  let notices: string[];
  if (!f.rating) {
    const r = await deps.call('agents.sessions', { ...params, offset: f.offset, limit: PAGE_SIZE });
    if (!r.ok) return r;
    ({ sessions: summaries, total, notices } = r.value);
  } else {
    const matching: AgentSessionSummary[] = [];
    notices = [];
    let offset = 0;
    let all = 0;
    do {
      const r = await deps.call('agents.sessions', { ...params, offset, limit: SCAN_PAGE });
      if (!r.ok) return r;
      all = r.value.total;
      notices = r.value.notices;
      for (const s of r.value.sessions) {
        const rating = reviews.get(agentSessionKey(s))?.rating;
        if (f.rating === 'none' ? rating === undefined : rating === f.rating) matching.push(s);
      }
      offset += r.value.sessions.length;
      if (r.value.sessions.length === 0) break;
    } while (offset < all && offset < RATING_SCAN_LIMIT);
    if (all > offset) notices = [...notices, `The rating filter looked at the newest ${offset.toLocaleString()} of ${all.toLocaleString()} sessions.`];
    total = matching.length;
    summaries = matching.slice(f.offset, f.offset + PAGE_SIZE);
  }
  return { ok: true, value: { rows: await withSessionPilotLinks(deps.db, summaries, workspaces, deps.now()), total, offset: f.offset, notices } };
}

export interface AgentListModel {
  filters: Signal<AgentFilters>;
  page: Signal<AgentListPage | null>;
  loading: Signal<boolean>;
  error: Signal<Failure | null>;
  /** Every agent-session review, by `agent:sessionId` (a small table, followed live). */
  reviews: Signal<ReadonlyMap<string, AgentReviewRow>>;
  /** Changes filters (back to the first page unless the offset is given); the search box waits for typing to pause. */
  setFilters(patch: Partial<AgentFilters>): void;
  reload(): Promise<void>;
  dispose(): void;
}

/** The agent-session list: filters, the page shown, and reviews followed live from Dexie. */
export function createAgentListModel(deps: AgentListDeps & { workspaces: Signal<Workspace[] | null>; debounceMs?: number }): AgentListModel {
  const filters = signal<AgentFilters>(EMPTY_FILTERS);
  const page = signal<AgentListPage | null>(null);
  const loading = signal(false);
  const error = signal<Failure | null>(null);
  const reviews = signal<ReadonlyMap<string, AgentReviewRow>>(new Map());
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  let firstReviews = true;
  const subscription = liveQuery(() => deps.db.agentReviews.toArray()).subscribe({
    next: (rows) => {
      reviews.value = new Map(rows.map((r) => [r.id, r]));
      // A rating filter's page depends on the ratings: follow a change made since the first read.
      if (!firstReviews && filters.value.rating) void reload();
      firstReviews = false;
    },
    error: () => {},
  });

  async function reload() {
    const mine = ++seq;
    loading.value = true;
    const r = await loadAgentList(filters.value, deps.workspaces.value ?? [], reviews.value, deps);
    if (mine !== seq) return;
    loading.value = false;
    if (r.ok) {
      page.value = r.value;
      error.value = null;
    } else {
      error.value = r.error;
    }
  }

  return {
    filters,
    page,
    loading,
    error,
    reviews,
    setFilters(patch) {
      filters.value = { ...filters.value, offset: 0, ...patch };
      clearTimeout(timer);
      const typing = Object.keys(patch).length === 1 && 'query' in patch;
      if (typing) timer = setTimeout(() => void reload(), deps.debounceMs ?? 250);
      else void reload();
    },
    reload,
    dispose() {
      clearTimeout(timer);
      subscription.unsubscribe();
    },
  };
}
