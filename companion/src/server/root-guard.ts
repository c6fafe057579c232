import { realpathSync } from 'node:fs';
import { isAbsolute, sep } from 'node:path';
import { fail, ok, type Result } from '../../../shared/result';

export type ConfineFailure = 'bad_params' | 'path_not_found' | 'path_not_allowed';

function realOrNull(p: string): string | null {
  try {
    return realpathSync.native(p);
  } catch {
    return null;
  }
}

/** True when `child` is `root` or inside it (a sibling sharing the prefix is not). */
export function isInside(child: string, root: string): boolean {
  if (child === root) return true;
  const base = root.endsWith(sep) ? root : root + sep;
  return child.startsWith(base);
}

/**
 * Confines a path the extension sent to the roots the user allowed locally, comparing real paths
 * (symlinks resolved on both sides), so `..`, links pointing out and prefix siblings are refused.
 */
export function confineToRoots(input: string, roots: readonly string[]): Result<string, ConfineFailure> {
  if (input.includes('\0') || !isAbsolute(input)) return fail('bad_params', 'The path must be absolute.');
  const real = realOrNull(input);
  if (real === null) return fail('path_not_found', `${input} does not exist on this computer.`);
  for (const root of roots) {
    const realRoot = realOrNull(root);
    if (realRoot && isInside(real, realRoot)) return ok(real);
  }
  return fail(
    'path_not_allowed',
    `${input} is outside the folders this companion may read; run "npx sessionpilot roots add ${input}" to allow it.`,
  );
}
