import { useEffect, useState } from 'preact/hooks';
import type { RepoSignals } from '../../lib/background/overlay-repo';
import { ask } from './overlay-client';

/** On a workspace's own repo page: what the companion found in the local checkout. */
export function RepoPanel() {
  const [signals, setSignals] = useState<RepoSignals | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void ask<RepoSignals>({ type: 'overlay.repo', url: location.href }).then((r) => (r.ok ? setSignals(r.result) : setError(r.error.message)));
  }, []);
  if (error) return <div class="sp-page sp-muted" data-testid="sessionpilot-repo">SessionPilot: {error}</div>;
  if (!signals) return null;
  return (
    <div class="sp-page" data-testid="sessionpilot-repo">
      <div class="sp-row">
        <span class="sp-logo">◷</span>
        <strong>
          {signals.workspaceName}: {signals.markers} marker{signals.markers === 1 ? '' : 's'} · {signals.failingTests} failing test{signals.failingTests === 1 ? '' : 's'}
        </strong>
      </div>
      {(signals.topMarkers.length > 0 || signals.tests.length > 0) && (
        <ul class="sp-signals" aria-label="Markers and failing tests in your checkout">
          {signals.tests.map((t) => (
            <li key={`t:${t}`}>
              <span class="sp-tag sp-fail">failing</span> {t}
            </li>
          ))}
          {signals.topMarkers.map((m) => (
            <li key={`${m.file}:${m.line}`}>
              <span class="sp-tag">{m.tag}</span> <code>{`${m.file}:${m.line}`}</code> {m.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
