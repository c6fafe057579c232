import { useEffect, useState } from 'preact/hooks';
import type { Session } from '../../../../shared/domain/session';
import type { SessionEvent } from '../../../../shared/domain/event';
import type { Task } from '../../../../shared/domain/task';
import { useModel } from '../model/model-context';
import { PAGE_SIZE, type HistoryQuery, type HistoryRow } from '../model/history-model';
import { AgentUsage } from './agent-usage';
import { ReviewForm } from './review-form';
import { TaskEditor } from './task-editor';
import { ExportButtons } from './export-buttons';
import { AgentReviewTally } from '../agents/agent-review-tally';

const RATING_LABEL: Record<string, string> = { ok: 'OK', needs_fix: 'Needs fix', reverted: 'Reverted', partial: 'Partial' };
const EMPTY: HistoryQuery = { text: '', workspaceId: '', from: '', to: '', rating: '', page: 0 };

function when(ms: number): string {
  return new Date(ms).toLocaleString([], { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function SessionDetail({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const { history } = useModel();
  const [data, setData] = useState<{ session: Session; tasks: Task[]; events: SessionEvent[] } | null>(null);
  useEffect(() => {
    void history.open(sessionId).then(setData);
  }, [sessionId]);
  if (!data) return null;
  const { session, tasks, events } = data;
  return (
    <div class="history-detail" aria-label="Past session">
      <div class="card-head">
        <h3>
          {session.goal || 'Session'} · {when(session.createdAt)}
        </h3>
        <button type="button" onClick={onClose}>
          Back to the list
        </button>
      </div>
      <p class="muted">
        {session.status === 'cancelled' ? 'Ended early' : 'Completed'} · {session.budgetMinutes} min budget · read-only
      </p>
      <TaskEditor sessionId={session.id} tasks={tasks} mode="ended" onError={() => {}} />
      <ExportButtons session={session} tasks={tasks} events={events} />
      <ReviewForm sessionId={session.id} />
      <AgentReviewTally spSessionId={session.id} />
      {session.startedAt !== undefined && <AgentUsage sessionId={session.id} tasks={tasks} live={false} />}
      {session.summary && (
        <details>
          <summary>Summary and handoff</summary>
          <pre class="markdown">{`${session.summary}\n${session.handoff ?? ''}`}</pre>
        </details>
      )}
      <details>
        <summary>Events ({events.length})</summary>
        <ol class="events">
          {events.map((e, i) => (
            <li key={i}>
              {new Date(e.at).toLocaleTimeString()} · {e.type.replace(/_/g, ' ')}
              {e.taskId ? ` · ${tasks.find((t) => t.id === e.taskId)?.title ?? e.taskId}` : ''}
              {e.minutes !== undefined ? ` · ${e.minutes} min` : ''}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}

/** Past sessions: searchable by goal, workspace, date and rating; a page at a time; each reopens read-only. */
export function HistoryCard() {
  const { history, workspaces, sessions } = useModel();
  const [q, setQ] = useState<HistoryQuery>(EMPTY);
  const [result, setResult] = useState<{ rows: HistoryRow[]; total: number } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const ended = sessions.lastEnded.value?.id;
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => void history.search(q).then((r) => !stale && setResult(r)), 120);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [q, ended]);
  if (open) return <SessionDetail sessionId={open} onClose={() => setOpen(null)} />;
  const set = (patch: Partial<HistoryQuery>) => setQ({ ...q, page: 0, ...patch });
  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
  return (
    <div class="history">
      <form class="history-filters" aria-label="Search past sessions" onSubmit={(e) => e.preventDefault()}>
        <input type="search" aria-label="Search goals and workspaces" placeholder="Search goals…" value={q.text} onInput={(e) => set({ text: e.currentTarget.value })} />
        <select aria-label="Workspace" value={q.workspaceId} onChange={(e) => set({ workspaceId: e.currentTarget.value })}>
          <option value="">All workspaces</option>
          {(workspaces.list.value ?? []).map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        <input type="date" aria-label="From" value={q.from} onInput={(e) => set({ from: e.currentTarget.value })} />
        <input type="date" aria-label="To" value={q.to} onInput={(e) => set({ to: e.currentTarget.value })} />
        <select aria-label="Rating" value={q.rating} onChange={(e) => set({ rating: e.currentTarget.value })}>
          <option value="">Any rating</option>
          {Object.entries(RATING_LABEL).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
          <option value="none">Not reviewed</option>
        </select>
      </form>
      {result && (
        <>
          <p class="muted small" role="status">
            {result.total} session{result.total === 1 ? '' : 's'}
            {result.total > PAGE_SIZE ? ` · page ${q.page + 1} of ${pages}` : ''}
          </p>
          <ul class="history-list" aria-label="Past sessions">
            {result.rows.map(({ session, workspaceName, rating }) => (
              <li key={session.id}>
                <button type="button" class="link history-open" onClick={() => setOpen(session.id)}>
                  {session.goal || '(no goal)'}
                </button>
                <span class="muted">
                  {workspaceName} · {when(session.createdAt)}
                  {session.status === 'cancelled' ? ' · ended early' : ''}
                </span>
                <AgentReviewTally spSessionId={session.id} compact />
                {rating && <span class={`rating rating-${rating}`}>{RATING_LABEL[rating]}</span>}
              </li>
            ))}
          </ul>
          {pages > 1 && (
            <div class="form-actions">
              <button type="button" disabled={q.page === 0} onClick={() => setQ({ ...q, page: q.page - 1 })}>
                Newer
              </button>
              <button type="button" disabled={q.page + 1 >= pages} onClick={() => setQ({ ...q, page: q.page + 1 })}>
                Older
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
