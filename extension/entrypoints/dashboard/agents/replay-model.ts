import { signal, type Signal } from '@preact/signals';
import type { AgentSessionRef, ConversationItem } from '../../../../shared/protocol/agent-methods';
import type { MethodResult } from '../../../../shared/protocol/methods';
import type { Failure, Result } from '../../../../shared/result';
import type { CallCompanion } from './agent-list-model';

export const REPLAY_PAGE = 200;

export type Outline = MethodResult<'agents.session.outline'>;

export interface ReplayModel {
  /** The items loaded so far, in log order, from `startCursor` on. Only these are rendered. */
  items: Signal<ConversationItem[]>;
  /** Where the loaded run starts: null at the beginning of the log, or a question's cursor after a jump. */
  startCursor: Signal<string | null>;
  /** Where the next page starts; null once the end of the log is loaded. */
  nextCursor: Signal<string | null>;
  loading: Signal<boolean>;
  error: Signal<Failure | null>;
  /** Malformed or unknown lines the companion skipped in what is loaded. */
  skipped: Signal<number>;
  outline: Signal<Outline | null>;
  outlineError: Signal<Failure | null>;
  /** Loads the first page and the outline. */
  open(): Promise<void>;
  loadMore(): Promise<void>;
  /** Starts the view at a question (its page is loaded fresh; earlier pages are dropped). */
  jumpTo(cursor: string | null): Promise<void>;
}

/** One agent session's conversation, fetched a page at a time from the companion and never stored. */
export function createReplayModel(session: AgentSessionRef, call: CallCompanion): ReplayModel {
  // Only the two fields the strict params take (a summary may be passed as the ref).
  const ref: AgentSessionRef = { agent: session.agent, sessionId: session.sessionId };
  const items = signal<ConversationItem[]>([]);
  const startCursor = signal<string | null>(null);
  const nextCursor = signal<string | null>(null);
  const loading = signal(false);
  const error = signal<Failure | null>(null);
  const skipped = signal(0);
  const outline = signal<Outline | null>(null);
  const outlineError = signal<Failure | null>(null);
  // A jump while a page is loading wins; the older answer is dropped.
  let seq = 0;

  async function fetchPage(cursor: string | null, replace: boolean) {
    const mine = ++seq;
    loading.value = true;
    const r = await call('agents.session.page', { ...ref, ...(cursor !== null ? { cursor } : {}), limit: REPLAY_PAGE });
    if (mine !== seq) return;
    loading.value = false;
    if (!r.ok) {
      error.value = r.error;
      return;
    }
    error.value = null;
    items.value = replace ? r.value.items : [...items.value, ...r.value.items];
    skipped.value = (replace ? 0 : skipped.value) + r.value.skipped;
    nextCursor.value = r.value.nextCursor;
    if (replace) startCursor.value = cursor;
  }

  return {
    items,
    startCursor,
    nextCursor,
    loading,
    error,
    skipped,
    outline,
    outlineError,
    async open() {
      const outlined = call('agents.session.outline', ref).then((r) => {
        if (r.ok) outline.value = r.value;
        else outlineError.value = r.error;
      });
      await Promise.all([fetchPage(null, true), outlined]);
    },
    async loadMore() {
      if (loading.value || nextCursor.value === null) return;
      await fetchPage(nextCursor.value, false);
    },
    async jumpTo(cursor) {
      await fetchPage(cursor, true);
    },
  };
}

export interface WholeSession {
  items: ConversationItem[];
  /** False when the bound was reached before the end of the log. */
  complete: boolean;
}

/** Every page of a session for an export, at most `maxPages` of 500 items, reporting progress. */
export async function fetchWholeSession(
  session: AgentSessionRef,
  call: CallCompanion,
  onProgress: (pages: number, items: number) => void,
  opts: { maxPages?: number; signal?: AbortSignal } = {},
): Promise<{ ok: true; value: WholeSession } | { ok: false; error: Failure }> {
  const maxPages = opts.maxPages ?? 100;
  const ref: AgentSessionRef = { agent: session.agent, sessionId: session.sessionId };
  const items: ConversationItem[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < maxPages; pages++) {
    if (opts.signal?.aborted) return { ok: false, error: { code: 'cancelled', message: 'The export was cancelled.' } };
    const r: Result<MethodResult<'agents.session.page'>> = await call('agents.session.page', { ...ref, ...(cursor !== null ? { cursor } : {}), limit: 500 });
    if (!r.ok) return r;
    items.push(...r.value.items);
    onProgress(pages + 1, items.length);
    cursor = r.value.nextCursor;
    if (cursor === null) return { ok: true, value: { items, complete: true } };
  }
  return { ok: true, value: { items, complete: false } };
}
