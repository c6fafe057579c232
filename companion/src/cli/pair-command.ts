import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { PAIRING_CODE_ALPHABET, PAIRING_CODE_TTL_MS } from '../../../shared/protocol/pairing';
import { CompanionState } from '../home/companion-state';
import { parsePort } from './port-option';
import { UsageError } from './usage-error';

function newCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** `pair`: prints a one-time code; with a terminal attached it waits until the extension uses it. */
export async function pairCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const port = parsePort(values.port);
  const state = new CompanionState();
  const code = newCode();
  const expiresAt = Date.now() + PAIRING_CODE_TTL_MS;
  state.writePendingPairing({ code, expiresAt, attempts: 0 });
  const listening = await isListening(port);

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ code, expiresAt, port, companionRunning: listening })}\n`);
    return 0;
  }
  process.stdout.write(
    `Pairing code: ${code}  (valid for ${PAIRING_CODE_TTL_MS / 60_000} minutes, once)\n` +
      `In SessionPilot, open the dashboard → Companion, enter port ${port} and this code.\n`,
  );
  if (!listening) {
    process.stderr.write(`sessionpilot: nothing is listening on port ${port} yet; start the companion with "npx sessionpilot serve${port === 47631 ? '' : ` --port ${port}`}".\n`);
  }
  if (!process.stdout.isTTY) return 0;
  const before = state.readPairing();
  const beforeAt = before.ok && before.value ? before.value.pairedAt : 0;
  process.stdout.write('Waiting for the extension… (Ctrl+C to stop waiting; the code stays valid)\n');
  while (Date.now() < expiresAt) {
    await new Promise((r) => setTimeout(r, 500));
    const now = state.readPairing();
    if (now.ok && now.value && now.value.pairedAt > beforeAt) {
      process.stdout.write(`Paired with ${now.value.origin}.\n`);
      return 0;
    }
  }
  throw new UsageError('The pairing code expired before it was used; run "sessionpilot pair" again.');
}

/** `unpair`: forgets the shared secret; the extension is refused until paired again. */
export async function unpairCommand(argv: string[]): Promise<number> {
  parseArgs({ args: argv, options: {} });
  const state = new CompanionState();
  const pairing = state.readPairing();
  state.removePairing();
  state.removePendingPairing();
  process.stdout.write(pairing.ok && pairing.value ? `Unpaired ${pairing.value.origin}.\n` : 'Nothing was paired.\n');
  return 0;
}
