import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

/** Placeholder pill: asks the background (allow-listed request) whether a session runs. */
export function OverlayPill() {
  const [running, setRunning] = useState<boolean | null>(null);
  useEffect(() => {
    browser.runtime
      .sendMessage({ type: 'overlay.state' })
      .then((reply: { ok?: boolean; result?: { running?: boolean } }) => setRunning(reply?.ok ? Boolean(reply.result?.running) : false))
      .catch(() => setRunning(false));
  }, []);
  return (
    <div class="sp-pill" data-testid="sessionpilot-pill">
      <span class="sp-logo">◷</span> SessionPilot {running === null ? '' : running ? '· session running' : '· no session'}
    </div>
  );
}
