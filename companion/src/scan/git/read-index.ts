import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The entries of git's index, in its order (by path, then stage). Paths are from the top of the
 * work tree. Sizes are what the index recorded for the work-tree file at its last refresh
 * (32 bits, as git keeps them).
 */
export interface IndexEntries {
  count: number;
  modes: Uint32Array;
  sizes: Uint32Array;
  stages: Uint8Array;
  /** The path of entry `i` (decoded on first use: a markers-only scan needs few of them). */
  path(i: number): string;
  /** The object id of entry `i`, as hex. */
  oid(i: number): string;
  /** False only when no entry's last path segment is `name` (a cheap look, no path decoded). */
  mayHoldName(name: string): boolean;
}

/** Entries whose paths are already strings (version 4, or git's own listing). */
export function decodedEntries(paths: string[], modes: Uint32Array, sizes: Uint32Array, stages: Uint8Array, oid: (i: number) => string): IndexEntries {
  return {
    count: paths.length,
    modes,
    sizes,
    stages,
    path: (i) => paths[i]!,
    oid,
    mayHoldName: (name) => paths.some((p) => p === name || p.endsWith(`/${name}`)),
  };
}

const HEADER = 12;
const STAT_BYTES = 40; // ctime, mtime, dev, ino, mode, uid, gid, size: ten 32-bit fields
const EXTENDED = 0x4000;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFGITLINK = 0o160000;

/**
 * Reads `$GIT_DIR/index` directly (gitformat-index(5), versions 2 to 4, SHA-1 or SHA-256): one
 * read instead of `git ls-files --stage --debug` and a parse of its 200 bytes of text per entry.
 * An absent index is an empty one. Null for anything this reader does not take on (a split or
 * sparse index, an unknown version, a damaged or unexpected file): the caller then asks git.
 */
export function readGitIndex(gitDir: string): IndexEntries | null {
  let buf: Buffer;
  try {
    buf = readFileSync(join(gitDir, 'index'));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? emptyIndex() : null;
  }
  return parseGitIndex(buf);
}

/**
 * What identifies the index's content, without parsing it: its size and last 32 bytes, which hold
 * git's checksum of everything before them. Under index.skipHash git writes no checksum: then the
 * file itself (inode, size, times to the nanosecond; git replaces the file on every write) stands
 * for it, which only costs a needless re-scan now and then. A split index's file names its shared
 * part by that part's hash, so it is covered too. 'no-index' when there is none; null when it
 * cannot be read.
 */
export function readIndexIdentity(gitDir: string): string | null {
  let fd: number;
  try {
    fd = openSync(join(gitDir, 'index'), 'r');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no-index' : null;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    const size = Number(st.size);
    const tail = Buffer.alloc(Math.min(32, size));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    if (tail.subarray(-20).some((b) => b !== 0)) return `${size}:${tail.toString('hex')}`;
    return `file:${st.dev}:${st.ino}:${size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

export function parseGitIndex(buf: Buffer): IndexEntries | null {
  if (buf.length < HEADER || buf.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return null;
  // The hash size is not in the header: only the right one makes the entries, the extensions and
  // the trailing checksum fit the file exactly.
  return parseEntries(buf, version, 20) ?? parseEntries(buf, version, 32);
}

// Plain byte arithmetic: Buffer#readUInt32BE validates its argument on each of ~100k calls.
const u32 = (b: Buffer, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const u16 = (b: Buffer, at: number): number => (b[at]! << 8) | b[at + 1]!;

function parseEntries(buf: Buffer, version: number, oidBytes: number): IndexEntries | null {
  const count = u32(buf, 8);
  const end = buf.length - oidBytes;
  if (end < HEADER || count > (end - HEADER) / (STAT_BYTES + oidBytes + 3)) return null;
  const modes = new Uint32Array(count);
  const sizes = new Uint32Array(count);
  const stages = new Uint8Array(count);
  const oidAt = new Uint32Array(count);
  // Versions 2 and 3: where each path lies in the file. Version 4 stores each path as "drop N
  // bytes from the previous path, then append this", so its paths are decoded as they come.
  const nameAt = version === 4 ? null : new Uint32Array(count);
  const nameEnd = version === 4 ? null : new Uint32Array(count);
  const paths: string[] | null = version === 4 ? new Array(count) : null;
  let name = Buffer.allocUnsafe(version === 4 ? 4096 : 0);
  let nameLength = 0;
  let at = HEADER;
  for (let i = 0; i < count; i++) {
    const flagsAt = at + STAT_BYTES + oidBytes;
    if (flagsAt + 2 > end) return null;
    const mode = u32(buf, at + 24);
    const kind = mode & S_IFMT;
    // Anything else (a sparse index's folder entries are 040000) is not for this reader.
    if (kind !== S_IFREG && kind !== S_IFLNK && kind !== S_IFGITLINK) return null;
    modes[i] = mode;
    sizes[i] = u32(buf, at + 36);
    oidAt[i] = at + STAT_BYTES;
    const flags = u16(buf, flagsAt);
    stages[i] = (flags >> 12) & 3;
    let p = flagsAt + 2;
    if (flags & EXTENDED) {
      if (version < 3) return null;
      p += 2;
    }
    if (paths) {
      let strip = 0;
      let c: number;
      let k = 0;
      do {
        if (p >= end || ++k > 5) return null;
        c = buf[p++]!;
        strip = k === 1 ? c & 127 : ((strip + 1) << 7) | (c & 127);
      } while (c & 128);
      const nul = buf.indexOf(0, p);
      if (nul === -1 || nul >= end || strip > nameLength || nameLength - strip + nul - p === 0) return null;
      nameLength -= strip;
      const suffix = nul - p;
      if (nameLength + suffix > name.length) {
        const grown = Buffer.allocUnsafe(Math.max(name.length * 2, nameLength + suffix));
        name.copy(grown, 0, 0, nameLength);
        name = grown;
      }
      buf.copy(name, nameLength, p, nul);
      nameLength += suffix;
      paths[i] = name.toString('utf8', 0, nameLength);
      at = nul + 1;
    } else {
      const short = flags & 0xfff;
      const nul = short < 0xfff ? p + short : buf.indexOf(0, p);
      if (nul === -1 || nul === p || nul >= end || buf[nul] !== 0) return null;
      nameAt![i] = p;
      nameEnd![i] = nul;
      // Entries are NUL-padded to a multiple of 8 bytes, counted from the entry's start.
      at += (nul - at + 8) & ~7;
    }
    if (at > end) return null;
  }
  // Extensions: a lower-case signature is one a reader must understand (link: split index,
  // sdir: sparse index); upper-case ones (TREE, REUC, UNTR, EOIE, IEOT, FSMN) are optional.
  while (at < end) {
    if (at + 8 > end) return null;
    const first = buf[at]!;
    if (first < 0x41 || first > 0x5a) return null;
    at += 8 + u32(buf, at + 4);
  }
  if (at !== end) return null;
  const oid = (i: number) => buf.toString('hex', oidAt[i]!, oidAt[i]! + oidBytes);
  if (paths) return decodedEntries(paths, modes, sizes, stages, oid);

  const decoded: Array<string | undefined> = new Array(count);
  let text: string | null = null;
  return {
    count,
    modes,
    sizes,
    stages,
    oid,
    path: (i) => {
      const known = decoded[i];
      if (known !== undefined) return known;
      const from = nameAt![i]!;
      const to = nameEnd![i]!;
      let ascii = true;
      for (let j = from; j < to; j++) {
        if (buf[j]! > 0x7f) {
          ascii = false;
          break;
        }
      }
      // Slicing one decoded copy of the file is several times cheaper than decoding each path;
      // it is right for ASCII paths, and the others are decoded on their own.
      text ??= buf.toString('latin1', 0, end);
      return (decoded[i] = ascii ? text.slice(from, to) : buf.toString('utf8', from, to));
    },
    // Each path ends with a NUL in the file: no "<name>\0" anywhere means no such entry.
    mayHoldName: (name) => buf.indexOf(`${name}\0`, HEADER, 'utf8') !== -1,
  };
}

function emptyIndex(): IndexEntries {
  return decodedEntries([], new Uint32Array(0), new Uint32Array(0), new Uint8Array(0), () => '');
}
