import { useState } from 'preact/hooks';
import { agentSessionToHtml, agentSessionToJson, agentSessionToMarkdown, type AgentSessionExportInput } from '../../../../shared/export/agent-session-export';
import { countText } from '../../../../shared/export/agent-session-export-text';
import { downloadText } from '../../../lib/ui/download';
import { FormError } from '../../../lib/ui/form-error';
import type { AgentRow } from './agent-list-model';
import { useAgents } from './agents-context';
import { fetchWholeSession } from './replay-model';

type Kind = 'md' | 'json' | 'html';

/** Exports the whole session (every page, fetched now and not kept) as Markdown, JSON or an escaped HTML page. */
export function AgentExportButtons({ row }: { row: AgentRow }) {
  const model = useAgents();
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (kind: Kind) => {
    setBusy(true);
    setError(null);
    setProgress('Fetching the session…');
    const s = row.summary;
    const r = await fetchWholeSession(s, model.call, (pages, items) => setProgress(`Fetched ${pages} page${pages === 1 ? '' : 's'} (${countText(items)} items)…`));
    setBusy(false);
    if (!r.ok) {
      setProgress(null);
      return setError(r.error.message);
    }
    const review = model.list.reviews.value.get(row.key);
    const input: AgentSessionExportInput = {
      session: s,
      items: r.value.items,
      workspaceName: row.workspace?.name ?? null,
      review: review ? { rating: review.rating, note: review.note, links: review.links } : null,
      complete: r.value.complete,
      exportedAt: model.now(),
    };
    const day = new Date(s.startedAt).toISOString().slice(0, 10);
    const name = `agent-${s.agent}-${day}-${s.sessionId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 12)}.${kind}`;
    if (kind === 'md') downloadText(name, agentSessionToMarkdown(input), 'text/markdown');
    else if (kind === 'json') downloadText(name, agentSessionToJson(input), 'application/json');
    else downloadText(name, agentSessionToHtml(input), 'text/html');
    setProgress(`Exported ${countText(r.value.items.length)} items${r.value.complete ? '' : ' (the first part only: the session is very long)'}.`);
  };
  return (
    <div class="form-actions agent-export" role="group" aria-label="Export this agent session">
      <span class="muted small">Export:</span>
      <button type="button" disabled={busy} onClick={() => void save('md')}>
        Markdown
      </button>
      <button type="button" disabled={busy} onClick={() => void save('json')}>
        JSON
      </button>
      <button type="button" disabled={busy} onClick={() => void save('html')}>
        HTML
      </button>
      {progress && (
        <span class="muted small" role="status">
          {progress}
        </span>
      )}
      <FormError message={error} />
    </div>
  );
}
