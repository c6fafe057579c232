import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** The text of the root-level manifests the facts read; null when absent, too large or unreadable. */
export interface RootManifests {
  packageJson: string | null;
  pyproject: string | null;
  makefile: string | null;
}

export const MAX_MANIFEST_BYTES = 1024 * 1024;

/** GNU make's own lookup order. */
const MAKEFILE_NAMES = ['GNUmakefile', 'makefile', 'Makefile'];

// O_NOFOLLOW: a file swapped for a symlink after the lstat is still refused; O_NONBLOCK: a FIFO cannot hang us.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** A regular file's text when it is at most `maxBytes`; null for symlinks, folders, larger files and errors. */
export function readSmallFile(path: string, maxBytes = MAX_MANIFEST_BYTES): string | null {
  let fd: number | undefined;
  try {
    const before = lstatSync(path);
    if (!before.isFile() || before.size > maxBytes) return null;
    fd = openSync(path, OPEN_FLAGS);
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return null;
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.toString('utf8', 0, read);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads only the manifests that the file list says are in the root, so an absent one costs no syscall. */
export function readRootManifests(root: string, rootFiles: ReadonlySet<string>): RootManifests {
  const read = (name: string | undefined) => (name && rootFiles.has(name) ? readSmallFile(join(root, name)) : null);
  return {
    packageJson: read('package.json'),
    pyproject: read('pyproject.toml'),
    makefile: read(MAKEFILE_NAMES.find((name) => rootFiles.has(name))),
  };
}
