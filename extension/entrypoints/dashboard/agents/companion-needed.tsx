import type { Failure } from '../../../../shared/result';
import { useModel } from '../model/model-context';

/**
 * Why agent sessions cannot be shown, as one sentence with what to do. They come from the
 * companion (it reads Claude Code's and Codex's logs), so most failures are about it.
 */
export function AgentsUnavailable({ error }: { error: Failure }) {
  const { companion } = useModel();
  const status = companion.status.value;
  if (error.code !== 'companion_unavailable') {
    const sentence = error.code === 'not_implemented' || error.code === 'unknown_method' ? 'This companion cannot show agent sessions yet; update it (npm install in the SessionPilot folder) and restart it.' : error.message;
    return (
      <p class="agents-unavailable" role="alert" data-code={error.code}>
        {sentence}
      </p>
    );
  }
  const state = status?.state;
  const pairing = state === 'not_paired' || state === 'refused' || state === undefined;
  return (
    <p class="agents-unavailable" role="alert" data-code={error.code}>
      {pairing ? 'Agent sessions are read by the companion, which is not paired with this browser: run ' : 'Agent sessions are read by the companion, which is not connected: run '}
      <code>{status?.fix ?? (pairing ? 'npx sessionpilot pair' : 'npx sessionpilot serve')}</code>
      {pairing ? ' in a terminal and enter its code in ' : ' in a terminal, then check '}
      <a href="#settings">Settings</a>.
    </p>
  );
}
