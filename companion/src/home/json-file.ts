import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { z } from 'zod';

export type ReadJsonResult<T> = { ok: true; value: T | null } | { ok: false; message: string };

/** Reads and validates a JSON state file; a missing file is `null`, a damaged one a message. */
export function readJsonFile<S extends z.ZodType>(path: string, schema: S): ReadJsonResult<z.infer<S>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: null };
    return { ok: false, message: `${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: `${path} is not valid JSON; fix or delete it.` };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: `${path} has unexpected contents; fix or delete it.` };
  return { ok: true, value: parsed.data };
}

/** Writes atomically (temp file + rename) with mode 0600, so a crash never leaves half a file. */
export function writeJsonFile(path: string, value: unknown, options: { compact?: boolean; durable?: boolean } = {}): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${options.compact ? JSON.stringify(value) : JSON.stringify(value, null, 2)}\n`);
    if (options.durable !== false) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}
