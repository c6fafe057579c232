import { parseArgs } from 'node:util';
import { CompanionState } from '../home/companion-state';
import { startCompanionServer } from '../server/companion-server';
import { DEFAULT_PORT } from '../../../shared/protocol/version';
import { parsePort } from './port-option';
import { UsageError } from './usage-error';

declare const __SESSIONPILOT_VERSION__: string;

/** `serve`: the companion the extension talks to, on 127.0.0.1 only. Never waits for input. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' } } });
  const port = parsePort(values.port);
  const state = new CompanionState();
  const config = state.readConfig();
  if (!config.ok) throw new UsageError(config.message);
  const pairing = state.readPairing();
  if (!pairing.ok) throw new UsageError(pairing.message);

  const stamp = () => new Date().toLocaleTimeString();
  let server;
  try {
    server = await startCompanionServer({
      port,
      state,
      version: typeof __SESSIONPILOT_VERSION__ === 'string' ? __SESSIONPILOT_VERSION__ : 'dev',
      log: (line) => process.stdout.write(`[${stamp()}] ${line}\n`),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`Port ${port} is already in use (another companion?); choose another with --port N.`);
    if (code === 'EACCES') throw new UsageError(`Port ${port} is not allowed for this user; choose another with --port N.`);
    throw err;
  }

  const lines = [`SessionPilot companion listening on ws://127.0.0.1:${server.port} (state: ${state.home})`];
  lines.push(
    pairing.value
      ? `Paired with ${pairing.value.origin}.`
      : `Not paired yet: run "npx sessionpilot pair${port === DEFAULT_PORT ? '' : ` --port ${port}`}" in another terminal and type the code into the extension (dashboard → Companion).`,
  );
  const roots = config.value?.roots ?? [];
  if (roots.length === 0) {
    lines.push(`No folders are allowed yet. To let the extension scan this one, run: npx sessionpilot roots add ${process.cwd()}`);
  } else lines.push(`Allowed folders: ${roots.join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  process.stdout.write('Companion stopped.\n');
  return 0;
}
