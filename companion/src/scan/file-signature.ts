import type { Stats } from 'node:fs';

/** Size, mtime, ctime and inode: a file whose signature is unchanged has unchanged bytes. */
export function fileSignature(stat: Stats, scanStartedAt: number): string {
  // A file written within the last 2 s could change again within the same timestamp tick ("racy"
  // in git's words): never trust a cached result for it.
  if (stat.mtimeMs >= scanStartedAt - 2_000 || stat.ctimeMs >= scanStartedAt - 2_000) return '';
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
}
