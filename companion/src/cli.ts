import { HELP } from './cli/help';
import { isUsageError } from './cli/usage-error';

declare const __SESSIONPILOT_VERSION__: string;
const VERSION = typeof __SESSIONPILOT_VERSION__ === 'string' ? __SESSIONPILOT_VERSION__ : 'dev';

type Command = (argv: string[]) => Promise<number>;

// Each command is loaded only when run, so `scan` does not pay for the server's dependencies.
const COMMANDS: Record<string, () => Promise<Command>> = {
  scan: () => import('./cli/scan-command').then((m) => m.scanCommand),
  plan: () => import('./cli/plan-command').then((m) => m.planCommand),
  serve: () => import('./cli/serve-command').then((m) => m.serveCommand),
  pair: () => import('./cli/pair-command').then((m) => m.pairCommand),
  unpair: () => import('./cli/pair-command').then((m) => m.unpairCommand),
  roots: () => import('./cli/roots-command').then((m) => m.rootsCommand),
  tests: () => import('./cli/tests-command').then((m) => m.testsCommand),
  usage: () => import('./cli/usage-command').then((m) => m.usageCommand),
};

/** The CLI entry: picks a command and turns user errors into one line on stderr and exit 1. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '-h' || name === '--help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (name === '-v' || name === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`sessionpilot: unknown command "${name}". Run "sessionpilot --help" for the list.\n`);
    return 1;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const command = await load();
  try {
    return await command(rest);
  } catch (err) {
    if (isUsageError(err)) {
      process.stderr.write(`sessionpilot: ${err.message}\n`);
      return 1;
    }
    // parseArgs reports unknown options with a code; those are user errors too.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`sessionpilot: ${(err as Error).message.split('\n')[0]}\n`);
      return 1;
    }
    throw err;
  }
}
