import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail, ok, type Result } from '../../../shared/result';

export type ResolveFailure = 'path_not_found' | 'not_a_directory' | 'bad_params';

/** The real path of an existing folder, or one sentence saying why not. */
export function resolveDirectory(input: string, cwd = process.cwd()): Result<string, ResolveFailure> {
  if (input.includes('\0')) return fail('bad_params', 'The path contains a NUL character.');
  const absolute = resolve(cwd, input);
  let real: string;
  try {
    real = realpathSync.native(absolute);
  } catch {
    return fail('path_not_found', `${input} does not exist.`);
  }
  try {
    if (!statSync(real).isDirectory()) return fail('not_a_directory', `${input} is a file, not a folder.`);
  } catch {
    return fail('path_not_found', `${input} cannot be read.`);
  }
  return ok(real);
}
