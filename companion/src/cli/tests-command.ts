import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CompanionState } from '../home/companion-state';
import { UsageError } from './usage-error';

/**
 * `tests set <root> [--timeout S] -- <command> [args…]`, `tests list`, `tests remove <root>`:
 * the only way to let the extension run a workspace's tests. Stored as an argument array.
 */
export async function testsCommand(argv: string[]): Promise<number> {
  const dashdash = argv.indexOf('--');
  const head = dashdash === -1 ? argv : argv.slice(0, dashdash);
  const command = dashdash === -1 ? [] : argv.slice(dashdash + 1);
  const { positionals, values } = parseArgs({ args: head, allowPositionals: true, options: { timeout: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const [action, path] = positionals;
  const state = new CompanionState();
  const config = state.readConfig();
  if (!config.ok) throw new UsageError(config.message);
  const current = { roots: config.value?.roots ?? [], testCommands: config.value?.testCommands ?? {} };
  const realRoot = (p: string | undefined) => {
    if (!p) throw new UsageError(`tests ${action} needs the workspace folder.`);
    try {
      const real = realpathSync.native(resolve(p));
      if (!statSync(real).isDirectory()) throw new Error();
      return real;
    } catch {
      throw new UsageError(`${p} is not an existing folder.`);
    }
  };
  switch (action) {
    case 'list':
    case undefined:
      if (values.json) process.stdout.write(`${JSON.stringify({ testCommands: current.testCommands })}\n`);
      else if (Object.keys(current.testCommands).length === 0) process.stdout.write('No test commands set. Add one with: npx sessionpilot tests set <folder> -- npm test\n');
      else for (const [root, c] of Object.entries(current.testCommands)) process.stdout.write(`${root}: ${c.argv.join(' ')} (timeout ${c.timeoutSeconds} s)\n`);
      return 0;
    case 'set': {
      const root = realRoot(path);
      if (command.length === 0) throw new UsageError('tests set needs the command after --, for example: sessionpilot tests set . -- npm test');
      if (!current.roots.some((r) => root === r || root.startsWith(`${r}/`))) {
        throw new UsageError(`${root} is not inside an allowed folder; run "npx sessionpilot roots add ${root}" first.`);
      }
      const timeoutSeconds = values.timeout === undefined ? 600 : Number(values.timeout);
      if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 3600) throw new UsageError('--timeout is a whole number of seconds from 1 to 3600.');
      state.writeConfig({ ...current, testCommands: { ...current.testCommands, [root]: { argv: command, timeoutSeconds } } });
      process.stdout.write(`The extension may now run "${command.join(' ')}" in ${root} (timeout ${timeoutSeconds} s).\n`);
      return 0;
    }
    case 'remove': {
      const root = realRoot(path);
      if (!(root in current.testCommands)) throw new UsageError(`No test command is set for ${root}.`);
      const next = { ...current.testCommands };
      delete next[root];
      state.writeConfig({ ...current, testCommands: next });
      process.stdout.write(`Removed the test command for ${root}.\n`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown tests action "${action}"; use set, list or remove.`);
  }
}
