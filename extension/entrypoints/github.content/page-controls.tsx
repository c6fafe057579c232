import { useState } from 'preact/hooks';
import type { GithubPage } from '../../lib/github/github-page';
import { ask, overlay, refreshOverlay } from './overlay-client';

function itemStatus(): string | null {
  const item = overlay.value?.item;
  if (!item) return null;
  if (item.status === 'queued') return 'queued for next session';
  if (item.status === 'done') return 'done in this session';
  if (item.status === 'skipped') return 'skipped in this session';
  const left = item.minutesLeft !== undefined && item.estimateMinutes !== undefined ? ` · ${item.minutesLeft} of ${item.estimateMinutes} min left` : '';
  return `${item.status === 'in_progress' ? 'in progress now' : 'in today’s plan'}${left}`;
}

/** On an issue or PR page: "Add to session", what SessionPilot knows of it, and (PRs) failing checks and awaited reviews to add. */
export function PageControls({ page }: { page: GithubPage }) {
  const [message, setMessage] = useState<string | null>(null);
  const [added, setAdded] = useState<Set<string>>(new Set());
  const add = async (key: string, extra: { check?: string; review?: boolean } = {}) => {
    const r = await ask<{ added: string; message: string }>({ type: 'overlay.add', url: location.href, title: page.title ?? '', labels: page.labels, ...extra });
    setMessage(r.ok ? r.result.message : r.error.message);
    if (r.ok) setAdded(new Set([...added, key]));
    await refreshOverlay();
  };
  const status = itemStatus();
  const hasExtras = page.failingChecks.length > 0 || page.awaitedReviewers.length > 0;
  return (
    <div class="sp-page" data-testid="sessionpilot-page">
      <div class="sp-row">
        <button type="button" class="sp-add" onClick={() => void add('item')}>
          <span class="sp-logo">◷</span> Add to session
        </button>
        {status && (
          <span class="sp-status" role="status">
            {status}
          </span>
        )}
        {message && (
          <span class="sp-note" role="status">
            {message}
          </span>
        )}
      </div>
      {hasExtras && (
        <ul class="sp-signals" aria-label="SessionPilot signals on this pull request">
          {page.failingChecks.map((name) => (
            <li key={`c:${name}`}>
              <span class="sp-tag sp-fail">failing</span> {name}{' '}
              <button type="button" class="sp-link" disabled={added.has(`c:${name}`)} onClick={() => void add(`c:${name}`, { check: name })}>
                {added.has(`c:${name}`) ? 'added' : 'add'}
              </button>
            </li>
          ))}
          {page.awaitedReviewers.map((login) => (
            <li key={`r:${login}`}>
              <span class="sp-tag">review</span> awaiting {login}{' '}
              <button type="button" class="sp-link" disabled={added.has('review')} onClick={() => void add('review', { review: true })}>
                {added.has('review') ? 'added' : 'add'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
