import { FormError } from '../../../lib/ui/form-error';
import { useState } from 'preact/hooks';
import { DEFAULT_PORT } from '../../../../shared/protocol/version';
import { useModel } from '../model/model-context';

const DOT: Record<string, string> = { connected: 'ok', connecting: 'wait', not_paired: 'off' };

/** Companion status with the exact command that fixes it, pairing by code, and unpairing. */
export function CompanionCard() {
  const { companion } = useModel();
  const status = companion.status.value;
  const [port, setPort] = useState(String(status?.port ?? DEFAULT_PORT));
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const needsPairing = !status || status.state === 'not_paired' || status.state === 'refused';

  async function pair(e: Event) {
    e.preventDefault();
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      setError('The port is a number from 1 to 65535.');
      return;
    }
    setBusy(true);
    setError(await companion.pair(n, code));
    setBusy(false);
    setCode('');
  }

  return (
    <section class="card" aria-labelledby="companion-heading">
      <h2 id="companion-heading">Companion</h2>
      <p class="companion-status" role="status" data-state={status?.state ?? 'unknown'}>
        <span class={`dot ${DOT[status?.state ?? ''] ?? 'bad'}`} aria-hidden="true" />
        {status?.message ?? 'Checking the companion…'}
      </p>
      {status?.fix && (
        <p class="fix">
          <code>{status.fix}</code>
        </p>
      )}
      {needsPairing && (
        <form class="pair-form" onSubmit={pair} aria-label="Pair with the companion">
          <label for="pair-port">Port</label>
          <input id="pair-port" inputMode="numeric" value={port} onInput={(e) => setPort(e.currentTarget.value)} />
          <label for="pair-code">Pairing code</label>
          <input id="pair-code" value={code} onInput={(e) => setCode(e.currentTarget.value)} placeholder="K7QX-M2PD" autoComplete="off" spellcheck={false} />
          <button type="submit" class="primary" disabled={busy || code.trim() === ''}>
            Pair
          </button>
        </form>
      )}
      <FormError message={error} />
      <div class="form-actions">
        {status && status.state !== 'connected' && status.state !== 'not_paired' && (
          <button type="button" onClick={() => void companion.retry()}>
            Retry now
          </button>
        )}
        {status && status.state !== 'not_paired' && (
          <button type="button" onClick={async () => setError(await companion.unpair())}>
            Unpair
          </button>
        )}
      </div>
    </section>
  );
}
