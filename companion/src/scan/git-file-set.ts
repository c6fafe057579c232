import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { runGit } from '../git/run-git';
import { parseLsFilesDebug } from './git/parse-ls-files-debug';
import { readGitIndex, readIndexIdentity, type IndexEntries } from './git/read-index';
import { splitNulKeepEmpty } from './git/split-nul';
import { runStatus } from './git/work-tree-status';
import { openGitWorkTree, queryGitTree, type GitTreeQuery, type GitWorkTree } from './git-tree-query';

/**
 * The index as read from its file (at once, synchronously: call it while git works), or, for an
 * index that reader leaves to git, as git lists it.
 */
export async function readIndex(tree: GitWorkTree): Promise<IndexEntries | null> {
  const direct = readGitIndex(tree.gitDir);
  if (direct) return direct;
  const listed = await runGit(['ls-files', '-z', '--stage', '--debug', '--full-name', '--', '.'], { cwd: tree.root });
  return listed.ok ? parseLsFilesDebug(listed.value) : null;
}

/**
 * git's own view of the repo's files under the root: tracked plus untracked-not-ignored, minus what
 * `.gitattributes` marks linguist-generated or linguist-vendored. Tracked paths are decoded from
 * the index only when asked for: a markers-only scan needs sizes and counts, not names.
 */
export class GitFileSet {
  private listed: string[] | null = null;

  constructor(
    private readonly query: GitTreeQuery,
    private readonly index: IndexEntries,
    /** Index positions of the tracked files in the set: one per path, in the index's order. */
    private readonly positions: number[],
    /** Untracked-not-ignored files in the set (git grep does not search these for us). */
    readonly untracked: string[],
    /** Files git's `diff` attribute marks binary (`-diff`, `binary`): skipped as `git grep -I` does. */
    readonly binaryByAttribute: Set<string>,
    private readonly excluded: ReadonlySet<string>,
    /** Sizes of changed files as they are now (the index has them as of its last refresh). */
    private readonly realSizes: ReadonlyMap<string, number>,
  ) {}

  get digest(): string {
    return this.query.digest;
  }

  get unvouched(): string[] {
    return this.query.unvouched;
  }

  /** Paths relative to the root, `/`-separated: tracked in the index's order, then untracked. */
  get files(): string[] {
    if (!this.listed) {
      const listed: string[] = new Array(this.positions.length);
      for (let k = 0; k < this.positions.length; k++) listed[k] = this.relative(this.positions[k]!);
      this.listed = listed.concat(this.untracked);
    }
    return this.listed;
  }

  get trackedCount(): number {
    return this.positions.length;
  }

  /** Whether a file git grep named is in the set (linguist-generated/vendored ones are not). */
  holdsTracked(rel: string): boolean {
    return !this.excluded.has(rel);
  }

  /** Tracked files over `maxBytes`, with their sizes. */
  oversize(maxBytes: number): Array<[string, number]> {
    const { sizes } = this.index;
    const found: Array<[string, number]> = [];
    for (const i of this.positions) {
      if (sizes[i]! <= maxBytes) continue;
      const rel = this.relative(i);
      if (!this.realSizes.has(rel)) found.push([rel, sizes[i]!]);
    }
    for (const [rel, size] of this.realSizes) if (size > maxBytes && this.holdsTracked(rel)) found.push([rel, size]);
    return found;
  }

  /** Each tracked file in the set with its size. */
  trackedSizes(): Map<string, number> {
    const { sizes } = this.index;
    const out = new Map<string, number>();
    for (const i of this.positions) {
      const rel = this.relative(i);
      out.set(rel, this.realSizes.get(rel) ?? sizes[i]!);
    }
    return out;
  }

  private relative(i: number): string {
    const path = this.index.path(i);
    return this.query.tree.prefix ? path.slice(this.query.tree.prefix.length) : path;
  }
}

/** Null when `root` is not inside a work tree. */
export async function listGitFiles(root: string): Promise<GitFileSet | null> {
  const tree = await openGitWorkTree(root);
  if (!tree) return null;
  const identity = readIndexIdentity(tree.gitDir);
  const query = await queryGitTree(tree, runStatus(root, tree.extraConfig, { withBranch: false, onlyHere: tree.prefix !== '' }), identity);
  return query ? parseGitTree(query) : null;
}

/**
 * The file set of a tree query (git is asked for attributes only when some file could set them).
 * Null when the index cannot be read.
 */
export async function parseGitTree(query: GitTreeQuery, indexRead: Promise<IndexEntries | null> = readIndex(query.tree)): Promise<GitFileSet | null> {
  const { tree } = query;
  const { root, prefix } = tree;
  const index = await indexRead;
  if (!index) return null;
  let from = 0;
  let to = index.count;
  if (prefix) {
    // Entries are sorted by path, so the root's entries are one run.
    from = firstAtOrAfter(index, Buffer.from(prefix));
    to = from;
    while (to < index.count && index.path(to).startsWith(prefix)) to++;
  }
  const positions: number[] = [];
  for (let i = from; i < to; i++) {
    // An unmerged path is listed once per stage, each next to the other.
    if (index.stages[i] !== 0 && i > from && index.stages[i - 1] !== 0 && index.path(i) === index.path(i - 1)) continue;
    positions.push(i);
  }
  const realSizes = new Map<string, number>();
  for (const rel of query.changed ?? []) {
    try {
      const st = lstatSync(join(root, rel));
      if (st.isFile()) realSizes.set(rel, st.size);
    } catch {
      /* deleted */
    }
  }
  const binaryByAttribute = new Set<string>();
  const all = new GitFileSet(query, index, positions, query.untracked, binaryByAttribute, new Set(), realSizes);
  if (positions.length + query.untracked.length === 0 || !mayHaveAttributes(tree, index, query.untracked)) return all;

  const attrs = await runGit(['check-attr', '-z', '--stdin', 'linguist-generated', 'linguist-vendored', 'diff'], {
    cwd: root,
    input: all.files.join('\0') + '\0',
  });
  if (!attrs.ok) return all;
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
  if (!excluded.size) return all;
  const trackedFiles = all.files;
  return new GitFileSet(
    query,
    index,
    positions.filter((_, k) => !excluded.has(trackedFiles[k]!)),
    query.untracked.filter((f) => !excluded.has(f)),
    binaryByAttribute,
    excluded,
    realSizes,
  );
}

/** The first entry whose path is not before `prefix` in the index's (byte) order. */
function firstAtOrAfter(index: IndexEntries, prefix: Buffer): number {
  let lo = 0;
  let hi = index.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Buffer.compare(Buffer.from(index.path(mid)), prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when some attributes file could set linguist-* or diff attributes for the root's files. */
function mayHaveAttributes(tree: GitWorkTree, index: IndexEntries, untracked: readonly string[]): boolean {
  const { root, gitDir, prefix } = tree;
  if (existsSync(join(gitDir, 'info', 'attributes'))) return true;
  // A subfolder scan lists only its own files, so look in the folders above it up to the top too.
  const depth = prefix.split('/').filter(Boolean).length;
  for (let up = 1; up <= depth; up++) if (existsSync(join(root, ...Array<string>(up).fill('..'), '.gitattributes'))) return true;
  return index.mayHoldName('.gitattributes') || untracked.some((f) => f === '.gitattributes' || f.endsWith('/.gitattributes'));
}
