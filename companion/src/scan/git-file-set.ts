import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { filterDriverOverrides, runGit } from '../git/run-git';

export interface GitFileSet {
  /** Paths relative to the scan root, `/`-separated, in git's order (tracked, then untracked). */
  files: string[];
  /**
   * Tracked files whose work-tree copy matches the index (git's own stat check), with their blob
   * id: their content is that blob, so a cached result keyed by it is still right.
   */
  cleanBlobs: Map<string, string>;
  /** Each tracked file's size as the index records it (the work-tree size for clean files). */
  trackedSizes: Map<string, number>;
  /** Untracked-not-ignored files (git grep does not search these for us). */
  untracked: string[];
  /** Files whose content git does not vouch for (untracked or differing from the index). */
  unvouched: string[];
  /** A digest of everything git said (index entries, untracked and modified lists, attributes). */
  digest: string;
  /** Files git's `diff` attribute marks binary (`-diff`, `binary`): skipped as `git grep -I` does. */
  binaryByAttribute: Set<string>;
}

const SIZE_LABEL = Buffer.from('  size: ');
const FLAGS_LABEL = Buffer.from('flags: ');

function splitNul(buf: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const end = buf.indexOf(0, start);
    if (end === -1) break;
    if (end > start) out.push(buf.toString('utf8', start, end));
    start = end + 1;
  }
  return out;
}

/** True when some attributes file could set linguist-* or diff attributes for these files. */
function mayHaveAttributes(root: string, gitDir: string, prefix: string, files: readonly string[]): boolean {
  if (existsSync(join(gitDir, 'info', 'attributes'))) return true;
  // A subfolder scan lists only its own files, so look in the folders above it up to the top too.
  const depth = prefix.split('/').filter(Boolean).length;
  for (let up = 1; up <= depth; up++) if (existsSync(join(root, ...Array<string>(up).fill('..'), '.gitattributes'))) return true;
  return files.some((f) => f === '.gitattributes' || f.endsWith('/.gitattributes'));
}

/** What git says about the tree, before any parsing: enough to tell whether anything changed. */
export interface GitTreeQuery {
  root: string;
  gitDir: string;
  prefix: string;
  tracked: Buffer;
  untracked: string[];
  /** Tracked files that differ from the index; null when git could not safely be asked. */
  changed: Set<string> | null;
  /** A digest of the index entries, the untracked and changed lists, and .git/info/attributes. */
  digest: string;
  /** Files whose content git does not vouch for (untracked or differing from the index). */
  unvouched: string[];
}

/** Asks git (four commands at once) what the tree holds; null outside a work tree. */
export async function queryGitTree(root: string): Promise<GitTreeQuery | null> {
  const [where, extraConfig] = await Promise.all([
    runGit(['rev-parse', '--absolute-git-dir', '--show-prefix'], { cwd: root, timeoutMs: 10_000 }),
    filterDriverOverrides(root),
  ]);
  if (!where.ok) return null;
  const [gitDir = '', prefix = ''] = where.value.toString('utf8').split('\n');
  const [tracked, untracked, modified] = await Promise.all([
    // Paths relative to `root` (no --full-name); --debug adds each entry's stat data, of which the
    // size lets oversize files be skipped unread.
    runGit(['ls-files', '-z', '--stage', '--debug', '--', '.'], { cwd: root }),
    runGit(['ls-files', '-z', '--others', '--exclude-standard', '--', '.'], { cwd: root }),
    // Comparing with the index may run a filter driver on racy files: only when they are all neutralized.
    extraConfig === null
      ? Promise.resolve(null)
      : runGit(['diff-files', '-z', '--name-only', '--relative', '--ignore-submodules=dirty', '--', '.'], { cwd: root, extraConfig }),
  ]);
  if (!tracked.ok || !untracked.ok) return null;
  const changed = modified?.ok ? new Set(splitNul(modified.value)) : null;
  const untrackedFiles = splitNul(untracked.value);
  const hash = createHash('sha1').update(tracked.value).update('\0\0').update(untracked.value).update('\0\0');
  if (modified?.ok) hash.update(modified.value);
  else hash.update(`unknown:${Date.now()}`); // without diff-files nothing is vouched for: never reuse
  try {
    const st = statSync(join(gitDir, 'info', 'attributes'));
    hash.update(`\0attributes:${st.size}:${st.mtimeMs}`);
  } catch {
    /* no repo-local attributes */
  }
  return {
    root,
    gitDir,
    prefix,
    tracked: tracked.value,
    untracked: untrackedFiles,
    changed,
    digest: hash.digest('hex'),
    unvouched: [...untrackedFiles, ...(changed ?? [])],
  };
}

/**
 * git's own view of the repo's files under `root`: tracked plus untracked-not-ignored, minus what
 * `.gitattributes` marks linguist-generated or linguist-vendored. Returns null when `root` is not
 * inside a work tree.
 */
export async function listGitFiles(root: string): Promise<GitFileSet | null> {
  const query = await queryGitTree(root);
  return query ? parseGitTree(query) : null;
}

/** Parses a tree query into the file set (and asks git for attributes when some file could set them). */
export async function parseGitTree(query: GitTreeQuery): Promise<GitFileSet> {
  const { root, gitDir, prefix, changed } = query;
  const files: string[] = [];
  const cleanBlobs = new Map<string, string>();
  const trackedSizes = new Map<string, number>();
  // Entries are "<mode> <oid> <stage>\t<path>\0" then debug lines ending "  size: N\tflags: F\n";
  // sorted, so an unmerged path's stages are adjacent.
  const buf = query.tracked;
  let previous = '';
  for (let start = 0; start < buf.length; ) {
    const end = buf.indexOf(0, start);
    if (end === -1) break;
    const tab = buf.indexOf(9, start);
    const sizeAt = buf.indexOf(SIZE_LABEL, end);
    const next = sizeAt === -1 ? -1 : buf.indexOf(10, buf.indexOf(FLAGS_LABEL, sizeAt));
    if (tab === -1 || tab > end || next === -1) break;
    const rel = buf.toString('utf8', tab + 1, end);
    const stage = buf[tab - 1];
    if (rel === previous) {
      cleanBlobs.delete(rel); // unmerged: listed once per stage, and never clean
    } else {
      files.push(rel);
      previous = rel;
      let size = 0;
      for (let i = sizeAt + SIZE_LABEL.length; buf[i]! >= 0x30 && buf[i]! <= 0x39; i++) size = size * 10 + buf[i]! - 0x30;
      trackedSizes.set(rel, size);
      const mode = buf.toString('latin1', start, start + 6);
      if (changed && stage === 0x30 && mode !== '160000' && mode !== '120000' && !changed.has(rel)) {
        cleanBlobs.set(rel, buf.toString('latin1', start + 7, tab - 2));
      }
    }
    start = next + 1;
  }
  for (const rel of query.untracked) files.push(rel);
  const binaryByAttribute = new Set<string>();
  const done = (kept: string[]) => ({
    files: kept,
    cleanBlobs,
    trackedSizes,
    untracked: query.untracked,
    binaryByAttribute,
    unvouched: query.unvouched,
    digest: query.digest,
  });
  if (files.length === 0 || !mayHaveAttributes(root, gitDir, prefix, files)) return done(files);

  const attrs = await runGit(['check-attr', '-z', '--stdin', 'linguist-generated', 'linguist-vendored', 'diff'], {
    cwd: root,
    input: files.join('\0') + '\0',
  });
  if (!attrs.ok) return done(files);
  const parts = splitNulKeepEmpty(attrs.value);
  const excluded = new Set<string>();
  for (let i = 0; i + 2 < parts.length; i += 3) {
    const [file, attr, value] = [parts[i]!, parts[i + 1]!, parts[i + 2]!];
    if (attr === 'diff') {
      if (value === 'unset') binaryByAttribute.add(file);
    } else if (value === 'set' || value === 'true') {
      excluded.add(file);
    }
  }
  return done(excluded.size ? files.filter((f) => !excluded.has(f)) : files);
}

function splitNulKeepEmpty(buf: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const end = buf.indexOf(0, start);
    if (end === -1) break;
    out.push(buf.toString('utf8', start, end));
    start = end + 1;
  }
  return out;
}
