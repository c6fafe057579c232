import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AGENT_LABEL, agentCostText, countText } from '../../../../shared/export/agent-session-export-text';
import type { AgentSessionRef } from '../../../../shared/protocol/agent-methods';
import type { Failure } from '../../../../shared/result';
import type { AgentRow } from './agent-list-model';
import { AgentExportButtons } from './agent-export-buttons';
import { AgentReviewForm } from './agent-review-form';
import { findAgentRow, useAgents } from './agents-context';
import { dateTime, durationText, timeOfDay } from './agent-time';
import { AgentsUnavailable } from './companion-needed';
import { ConversationItemView } from './conversation-item';
import { createReplayModel, type ReplayModel } from './replay-model';

function Facts({ row }: { row: AgentRow }) {
  const s = row.summary;
  return (
    <dl class="agent-facts">
      <dt>Agent</dt>
      <dd>{AGENT_LABEL[s.agent]}</dd>
      <dt>Folder</dt>
      <dd>
        {row.workspace ? `${row.workspace.name} · ` : ''}
        <code>{s.cwd ?? 'unknown'}</code>
      </dd>
      <dt>Time</dt>
      <dd>
        {dateTime(s.startedAt)} · {durationText(s.endedAt - s.startedAt)}
      </dd>
      <dt>Models</dt>
      <dd>{s.models.join(', ') || '—'}</dd>
      <dt>Turns</dt>
      <dd>
        {countText(s.turns)} ({countText(s.userMessages)} questions, {countText(s.lines)} log lines)
      </dd>
      <dt>Tokens</dt>
      <dd title={`input ${countText(s.inputTokens)} · output ${countText(s.outputTokens)} · cache write ${countText(s.cacheCreationTokens)} · cache read ${countText(s.cacheReadTokens)}`}>{countText(s.totalTokens)}</dd>
      <dt>Cost</dt>
      <dd>{agentCostText(s.cost, s.unpricedModels)}</dd>
      <dt>SessionPilot session</dt>
      <dd>{row.spSession ? `${row.spSession.goal || '(no goal)'} · ${dateTime(row.spSession.startedAt ?? row.spSession.createdAt)}` : 'none found at that time in that workspace'}</dd>
      {s.files.length > 0 && (
        <>
          <dt>Files edited</dt>
          <dd>
            <details>
              <summary>
                {countText(s.files.length)} file{s.files.length === 1 ? '' : 's'}
              </summary>
              <ul class="files">
                {s.files.map((f) => (
                  <li key={f}>
                    <code>{f}</code>
                  </li>
                ))}
              </ul>
            </details>
          </dd>
        </>
      )}
    </dl>
  );
}

/** The user's questions; each jumps to its place (loading that page when it is not loaded yet). */
function Outline({ replay, onJump }: { replay: ReplayModel; onJump: (line: number, cursor: string) => void }) {
  const outline = replay.outline.value;
  if (replay.outlineError.value) return <p class="muted small">Questions unavailable: {replay.outlineError.value.message}</p>;
  if (!outline) return <p class="muted small">Loading questions…</p>;
  return (
    <>
      <h3 id="outline-heading">Questions ({countText(outline.questions.length)})</h3>
      <ol class="outline-list" aria-labelledby="outline-heading">
        {outline.questions.map((q) => (
          <li key={`${q.line}`}>
            <button type="button" class="link outline-jump" data-line={q.line} onClick={() => onJump(q.line, q.cursor)}>
              {q.text || '(empty)'}
            </button>
            {q.at !== null && <span class="muted small"> {timeOfDay(q.at)}</span>}
          </li>
        ))}
      </ol>
    </>
  );
}

function Conversation({ replay }: { replay: ReplayModel }) {
  const sentinel = useRef<HTMLDivElement>(null);
  const items = replay.items.value;
  // Auto-load when the end comes near; re-observed after each page so a short page keeps going.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || replay.nextCursor.value === null || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void replay.loadMore(), { rootMargin: '400px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [items.length, replay.nextCursor.value]);
  return (
    <section class="conversation" aria-label="Conversation">
      {replay.startCursor.value !== null && (
        <p class="notice small">
          Showing from a question onward.{' '}
          <button type="button" class="link" onClick={() => void replay.jumpTo(null)}>
            Show from the beginning
          </button>
        </p>
      )}
      {items.map((item, i) => (
        <ConversationItemView key={`${replay.startCursor.value ?? ''}:${i}`} item={item} />
      ))}
      {replay.error.value && <AgentsUnavailable error={replay.error.value} />}
      <div ref={sentinel} class="replay-end">
        {replay.nextCursor.value !== null ? (
          <button type="button" disabled={replay.loading.value} onClick={() => void replay.loadMore()}>
            {replay.loading.value ? 'Loading…' : 'Load more'}
          </button>
        ) : replay.loading.value ? (
          <span class="muted small">Loading…</span>
        ) : (
          <span class="muted small">End of the session{replay.skipped.value ? ` · ${countText(replay.skipped.value)} unreadable lines skipped` : ''}.</span>
        )}
      </div>
    </section>
  );
}

/** One agent session: what it was, its review and export, its questions, and the conversation a page at a time. */
export function AgentSessionView({ sessionRef }: { sessionRef: AgentSessionRef }) {
  const model = useAgents();
  const [row, setRow] = useState<AgentRow | null | undefined>(undefined);
  const [error, setError] = useState<Failure | null>(null);
  const replay = useMemo(() => createReplayModel(sessionRef, model.call), [sessionRef.agent, sessionRef.sessionId]);
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => {
    void replay.open();
    window.scrollTo?.(0, 0);
  }, [replay]);
  // The row names the workspace and the SessionPilot session, so it waits for the workspaces.
  const workspaces = model.workspaces.value;
  useEffect(() => {
    if (workspaces === null) return;
    let stale = false;
    void findAgentRow(model, sessionRef).then((r) => {
      if (stale) return;
      if (r.ok) setRow(r.value);
      else setError(r.error);
    });
    return () => {
      stale = true;
    };
  }, [replay, workspaces]);

  const jump = async (line: number, cursor: string) => {
    const focus = () => {
      const el = document.querySelector<HTMLElement>(`.conversation [data-line="${line}"]`);
      if (!el) return false;
      el.scrollIntoView?.({ block: 'start' });
      el.tabIndex = -1;
      el.focus({ preventScroll: true });
      return true;
    };
    if (focus()) return;
    await replay.jumpTo(cursor);
    requestAnimationFrame(() => focus() || top.current?.scrollIntoView?.());
  };

  return (
    <div class="agent-session" ref={top}>
      <p class="crumbs">
        <a href="#agents">← Agent sessions</a>
      </p>
      <section class="card agent-head" aria-labelledby="agent-session-heading">
        <h2 id="agent-session-heading">{row?.summary.title || (row === null ? 'Agent session' : 'Loading…')}</h2>
        {error && <AgentsUnavailable error={error} />}
        {row === null && <p class="muted">This session is not in the companion's list (it may be outside the allowed folders); its conversation is shown below if the companion can read it.</p>}
        {row && (
          <>
            <Facts row={row} />
            <AgentReviewForm row={row} />
            <AgentExportButtons row={row} />
          </>
        )}
      </section>
      <div class="replay">
        <nav class="card outline" aria-label="Questions in this session">
          <Outline replay={replay} onJump={(line, cursor) => void jump(line, cursor)} />
        </nav>
        <Conversation replay={replay} />
      </div>
    </div>
  );
}
