import { AGENT_LABEL, AGENT_RATING_LABEL, agentCostText, countText, tokensText } from '../../../../shared/export/agent-session-export-text';
import { useModel } from '../model/model-context';
import { PAGE_SIZE, type AgentFilters, type AgentRow } from './agent-list-model';
import { useAgents } from './agents-context';
import { agentSessionHash } from './agents-route';
import { dateTime, durationText } from './agent-time';
import { AgentsUnavailable } from './companion-needed';

function Filters() {
  const { list } = useAgents();
  const { workspaces } = useModel();
  const f = list.filters.value;
  const set = (patch: Partial<AgentFilters>) => list.setFilters(patch);
  return (
    <form class="agent-filters" aria-label="Filter agent sessions" onSubmit={(e) => e.preventDefault()}>
      <input type="search" aria-label="Search agent sessions" placeholder="Search titles, folders, models, ids…" value={f.query} onInput={(e) => set({ query: e.currentTarget.value })} />
      <select aria-label="Agent" value={f.agent} onChange={(e) => set({ agent: e.currentTarget.value as AgentFilters['agent'] })}>
        <option value="">All agents</option>
        <option value="claude">{AGENT_LABEL.claude}</option>
        <option value="codex">{AGENT_LABEL.codex}</option>
      </select>
      <select aria-label="Workspace" value={f.workspaceId} onChange={(e) => set({ workspaceId: e.currentTarget.value })}>
        <option value="">All workspaces</option>
        {(workspaces.list.value ?? []).map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
      <input type="date" aria-label="From" value={f.from} onInput={(e) => set({ from: e.currentTarget.value })} />
      <input type="date" aria-label="To" value={f.to} onInput={(e) => set({ to: e.currentTarget.value })} />
      <select aria-label="Rating" value={f.rating} onChange={(e) => set({ rating: e.currentTarget.value as AgentFilters['rating'] })}>
        <option value="">Any rating</option>
        {Object.entries(AGENT_RATING_LABEL).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
        <option value="none">Not reviewed</option>
      </select>
    </form>
  );
}

function Row({ row }: { row: AgentRow }) {
  const { list } = useAgents();
  const s = row.summary;
  const review = list.reviews.value.get(row.key);
  const models = s.models.length ? s.models.join(', ') : '—';
  // "claude-sonnet-4-5-20250929" reads as "claude-sonnet-4-5"; the full names stay in the tooltip.
  const shortModels = s.models.length ? [...new Set(s.models.map((m) => m.replace(/-\d{8}$/, '')))].join(', ') : '—';
  return (
    <tr data-key={row.key}>
      <td class="col-title">
        <a href={agentSessionHash(s)} class="agent-open">
          {s.title || '(no question)'}
        </a>
        <span class="sub">
          {AGENT_LABEL[s.agent]} · <span title={s.cwd ?? ''}>{row.workspace?.name ?? s.cwd ?? 'unknown folder'}</span>
        </span>
      </td>
      <td class="col-time">
        {dateTime(s.startedAt)}
        <span class="sub">{durationText(s.endedAt - s.startedAt)}</span>
      </td>
      <td class="col-models" title={models}>
        {shortModels}
      </td>
      <td class="num" title={`${countText(s.userMessages)} user messages`}>
        {countText(s.turns)}
      </td>
      <td class="num" title={`${countText(s.totalTokens)} tokens`}>
        {tokensText(s.totalTokens)}
      </td>
      <td class={`num col-cost${s.cost === null ? ' unknown' : ''}`}>
        {s.cost !== null && s.unpricedModels.length ? (
          <>
            {agentCostText(s.cost, [])}
            <span class="sub" title={`No price is known for ${s.unpricedModels.join(', ')}: its tokens are not in the cost`}>
              + price unknown
            </span>
          </>
        ) : (
          agentCostText(s.cost, s.unpricedModels)
        )}
      </td>
      <td class="col-sp">{row.spSession ? <span title="The SessionPilot session it ran in">{row.spSession.goal || '(no goal)'}</span> : <span class="muted">—</span>}</td>
      <td>{review ? <span class={`rating rating-${review.rating}`}>{AGENT_RATING_LABEL[review.rating]}</span> : <span class="muted">—</span>}</td>
    </tr>
  );
}

/** Imported agent sessions, newest first: filtered and searched by the companion, a page at a time. */
export function AgentList() {
  const { list } = useAgents();
  const page = list.page.value;
  const error = list.error.value;
  const f = list.filters.value;
  const first = page && page.total > 0 ? page.offset + 1 : 0;
  const last = page ? Math.min(page.offset + page.rows.length, page.total) : 0;
  return (
    <section class="card agent-list" aria-labelledby="agents-heading">
      <div class="card-head">
        <h2 id="agents-heading">Agent sessions</h2>
        <p class="muted small" role="status" aria-live="polite">
          {list.loading.value ? 'Loading…' : page ? (page.total ? `${first}–${last} of ${countText(page.total)}` : 'No sessions match.') : ''}
        </p>
      </div>
      <Filters />
      {error && <AgentsUnavailable error={error} />}
      {page?.notices.map((n) => (
        <p key={n} class="notice small">
          {n}
        </p>
      ))}
      {page && page.rows.length > 0 && (
        <div class="table-scroll">
          <table class="agent-table" aria-label="Agent sessions">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Started</th>
                <th scope="col">Models</th>
                <th scope="col" class="num">Turns</th>
                <th scope="col" class="num">Tokens</th>
                <th scope="col" class="num">Cost</th>
                <th scope="col">SessionPilot session</th>
                <th scope="col">Review</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <Row key={row.key} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && page.total > PAGE_SIZE && (
        <div class="form-actions pager">
          <button type="button" disabled={f.offset === 0} onClick={() => list.setFilters({ offset: Math.max(0, f.offset - PAGE_SIZE) })}>
            Newer
          </button>
          <button type="button" disabled={f.offset + PAGE_SIZE >= page.total} onClick={() => list.setFilters({ offset: f.offset + PAGE_SIZE })}>
            Older
          </button>
        </div>
      )}
    </section>
  );
}
