import { useEffect, useState } from 'preact/hooks';
import { AGENT_LABEL, AGENT_RATING_LABEL, agentSessionKey, type AgentRating } from '../../../../shared/export/agent-session-export-text';
import type { AgentSessionSummary } from '../../../../shared/protocol/agent-methods';
import { FormError } from '../../../lib/ui/form-error';
import type { AgentRow } from './agent-list-model';
import { useAgents } from './agents-context';
import { agentSessionHash } from './agents-route';
import { dateTime } from './agent-time';

const RATINGS = Object.entries(AGENT_RATING_LABEL) as Array<[AgentRating, string]>;

function keyLabel(key: string, known: ReadonlyMap<string, AgentSessionSummary>): string {
  const s = known.get(key);
  if (s) return `${s.title || '(no question)'} · ${dateTime(s.startedAt)}`;
  const [agent, ...id] = key.split(':');
  return `${AGENT_LABEL[agent as 'claude'] ?? agent} ${id.join(':').slice(0, 8)}`;
}

function hashOfKey(key: string): string {
  const i = key.indexOf(':');
  return agentSessionHash({ agent: key.slice(0, i) === 'codex' ? 'codex' : 'claude', sessionId: key.slice(i + 1) });
}

/** Other agent sessions to link: by default those in the same workspace, or what a search finds. */
function LinkPicker({ row, links, known, onPick }: { row: AgentRow; links: string[]; known: Map<string, AgentSessionSummary>; onPick: (key: string) => void }) {
  const { call } = useAgents();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<AgentSessionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(async () => {
      const q = query.trim();
      const r = await call('agents.sessions', q ? { query: q, limit: 20 } : { ...(row.workspace ? { path: row.workspace.path } : {}), limit: 20 });
      if (stale) return;
      if (!r.ok) return setError(r.error.message);
      setError(null);
      for (const s of r.value.sessions) known.set(agentSessionKey(s), s);
      setFound(r.value.sessions);
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [query]);
  const candidates = (found ?? []).filter((s) => agentSessionKey(s) !== row.key && !links.includes(agentSessionKey(s)));
  return (
    <div class="link-picker">
      <input type="search" aria-label="Find agent sessions to link" placeholder={row.workspace ? `Sessions in ${row.workspace.name}, or search…` : 'Search agent sessions…'} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
      <FormError message={error} />
      <ul class="link-candidates" aria-label="Agent sessions to link">
        {candidates.slice(0, 10).map((s) => (
          <li key={agentSessionKey(s)}>
            <button type="button" class="link" onClick={() => onPick(agentSessionKey(s))}>
              Link
            </button>{' '}
            {s.title || '(no question)'} <span class="muted small">· {AGENT_LABEL[s.agent]} · {dateTime(s.startedAt)}</span>
          </li>
        ))}
        {found && candidates.length === 0 && <li class="muted small">No other sessions found.</li>}
      </ul>
    </div>
  );
}

/** Rates an agent session OK / Needs fix / Reverted / Partial with a note, and links it to others. */
export function AgentReviewForm({ row }: { row: AgentRow }) {
  const model = useAgents();
  const saved = model.list.reviews.value.get(row.key);
  const [rating, setRating] = useState<AgentRating | null>(saved?.rating ?? null);
  const [note, setNote] = useState(saved?.note ?? '');
  const [links, setLinks] = useState<string[]>(saved?.links ?? []);
  // What this page saved just now; otherwise the stored verdict is shown as "Reviewed".
  const [savedNow, setSavedNow] = useState<AgentRating | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [known] = useState(() => new Map<string, AgentSessionSummary>());
  // The stored review arrives after the first paint (liveQuery); take it once it does.
  useEffect(() => {
    if (!saved) return;
    setRating(saved.rating);
    setNote(saved.note);
    setLinks(saved.links);
  }, [saved?.updatedAt]);
  const status = savedNow ? `Saved: ${AGENT_RATING_LABEL[savedNow]}` : saved ? `Reviewed: ${AGENT_RATING_LABEL[saved.rating]}` : null;
  const linkedFrom = [...model.list.reviews.value.values()].filter((r) => r.links.includes(row.key)).map((r) => r.id);
  const name = `agent-rating-${row.key}`;
  return (
    <form
      class="review-form agent-review"
      aria-label="Review this agent session"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!rating) return setError('Pick a rating first.');
        const err = await model.saveReview({ agent: row.summary.agent, sessionId: row.summary.sessionId, rating, note, links, ...(row.spSession ? { spSessionId: row.spSession.id } : {}) });
        setError(err);
        setSavedNow(err ? null : rating);
      }}
    >
      <fieldset>
        <legend>How did it turn out?</legend>
        {RATINGS.map(([key, label]) => (
          <label key={key} class="toggle">
            <input type="radio" name={name} value={key} checked={rating === key} onChange={() => setRating(key)} /> {label}
          </label>
        ))}
      </fieldset>
      <input aria-label="Review note" placeholder="A note for later (optional)" maxLength={5000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <button type="submit" class="primary">
        Save review
      </button>
      {status && (
        <span class="muted" role="status">
          {status}
        </span>
      )}
      <FormError message={error} />
      <div class="links-row">
        {links.length > 0 && (
          <ul class="linked" aria-label="Linked agent sessions">
            {links.map((key) => (
              <li key={key}>
                <a href={hashOfKey(key)}>{keyLabel(key, known)}</a>
                <button type="button" class="link" aria-label={`Unlink ${keyLabel(key, known)}`} onClick={() => setLinks(links.filter((l) => l !== key))}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
        )}
        {linkedFrom.length > 0 && (
          <p class="muted small">
            Linked from:{' '}
            {linkedFrom.map((key, i) => (
              <span key={key}>
                {i > 0 && ', '}
                <a href={hashOfKey(key)}>{keyLabel(key, known)}</a>
              </span>
            ))}
          </p>
        )}
        <details class="link-details">
          <summary>Link to other agent sessions{links.length ? ` (${links.length} linked; saved with the review)` : ''}</summary>
          <LinkPicker row={row} links={links} known={known} onPick={(key) => setLinks([...links, key])} />
        </details>
      </div>
    </form>
  );
}
