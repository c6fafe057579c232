import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CompanionState } from '../home/companion-state';
import { UsageError } from './usage-error';

/** `roots add|list|remove <path>`: the only way (with the config file) to change what the extension may read. */
export async function rootsCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const [action, path, ...extra] = positionals;
  if (extra.length) throw new UsageError('roots takes one path at a time.');
  const state = new CompanionState();
  const config = state.readConfig();
  if (!config.ok) throw new UsageError(config.message);
  const roots = config.value?.roots ?? [];

  switch (action) {
    case 'list':
    case undefined:
      if (values.json) process.stdout.write(`${JSON.stringify({ roots })}\n`);
      else if (roots.length === 0) process.stdout.write('No folders allowed yet. Add one with: npx sessionpilot roots add <path>\n');
      else process.stdout.write(`${roots.join('\n')}\n`);
      return 0;
    case 'add': {
      if (!path) throw new UsageError('roots add needs a folder: sessionpilot roots add <path>');
      let real: string;
      try {
        real = realpathSync.native(resolve(path));
      } catch {
        throw new UsageError(`${path} does not exist.`);
      }
      if (!statSync(real).isDirectory()) throw new UsageError(`${path} is a file, not a folder.`);
      if (real === '/') throw new UsageError('Allowing the whole disk (/) is refused; add the folders you work in.');
      if (roots.includes(real)) {
        process.stdout.write(`Already allowed: ${real}\n`);
        return 0;
      }
      state.writeConfig({ ...config.value, roots: [...roots, real] });
      process.stdout.write(`Allowed: ${real}\n`);
      return 0;
    }
    case 'remove': {
      if (!path) throw new UsageError('roots remove needs a folder: sessionpilot roots remove <path>');
      let real = resolve(path);
      try {
        real = realpathSync.native(real);
      } catch {
        /* a folder that is gone can still be removed from the list */
      }
      const next = roots.filter((r) => r !== real && r !== resolve(path));
      if (next.length === roots.length) throw new UsageError(`${path} is not in the allowed folders.`);
      state.writeConfig({ ...config.value, roots: next });
      process.stdout.write(`Removed: ${real}\n`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown roots action "${action}"; use add, list or remove.`);
  }
}
