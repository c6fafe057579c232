import { z } from 'zod';

/** Only the fields the facts need; a field of the wrong type is dropped, not fatal. */
const PackageJsonSchema = z.looseObject({
  packageManager: z.string().optional().catch(undefined),
  scripts: z.record(z.string(), z.unknown()).optional().catch(undefined),
});

export interface PackageJsonFacts {
  /** Corepack's `packageManager` field, e.g. "pnpm@9.1.0". */
  packageManager?: string;
  /** `scripts.test` when it is a string. */
  testScript?: string;
}

/** The facts in package.json text, or null when it is not a JSON object. */
export function parsePackageJson(text: string): PackageJsonFacts | null {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
  const parsed = PackageJsonSchema.safeParse(json);
  if (!parsed.success) return null;
  const facts: PackageJsonFacts = {};
  if (parsed.data.packageManager !== undefined) facts.packageManager = parsed.data.packageManager;
  const test = parsed.data.scripts?.['test'];
  if (typeof test === 'string') facts.testScript = test;
  return facts;
}
