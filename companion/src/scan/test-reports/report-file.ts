import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

// Never through a symlink; never wait on a FIFO swapped in after the lstat.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * The stats of a regular file (or a folder) under root, or null when it is missing, of the other
 * kind, or any part of the path is a symlink.
 */
export function lstatInside(root: string, rel: string, kind: 'file' | 'directory' = 'file'): Stats | null {
  const parts = rel.split('/');
  let abs = root;
  try {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (!part || part === '.' || part === '..') return null;
      abs = join(abs, part);
      const stats = lstatSync(abs);
      const last = i === parts.length - 1;
      if (stats.isSymbolicLink()) return null;
      if (!last && !stats.isDirectory()) return null;
      if (last) return (kind === 'file' ? stats.isFile() : stats.isDirectory()) ? stats : null;
    }
  } catch {
    return null;
  }
  return null;
}

/** The first bytes of a file as text, to tell what kind of report it is; '' when it cannot be read. */
export function readHead(absolutePath: string, bytes: number): string {
  let fd: number | undefined;
  try {
    fd = openSync(absolutePath, READ_FLAGS);
    if (!fstatSync(fd).isFile()) return '';
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export type ReportFileRead =
  | { ok: true; text: string; modifiedAt: number; bytes: number }
  | { ok: false; code: 'unreadable' | 'too_large' };

/** A report's whole text and mtime, read through one descriptor so both describe the same file. */
export async function readReportFile(absolutePath: string, maxBytes: number): Promise<ReportFileRead> {
  let handle;
  try {
    handle = await open(absolutePath, READ_FLAGS);
    const stats = await handle.stat();
    if (!stats.isFile()) return { ok: false, code: 'unreadable' };
    if (stats.size > maxBytes) return { ok: false, code: 'too_large' };
    // Read at most what fstat said plus one byte: a file still being written is cut, not chased.
    const buffer = Buffer.alloc(Math.min(stats.size + 1, maxBytes));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { ok: true, text: buffer.subarray(0, filled).toString('utf8'), modifiedAt: Math.floor(stats.mtimeMs), bytes: filled };
  } catch {
    return { ok: false, code: 'unreadable' };
  } finally {
    await handle?.close().catch(() => {});
  }
}
