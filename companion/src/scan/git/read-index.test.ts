import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLsFilesDebug } from './parse-ls-files-debug';
import { parseGitIndex, readGitIndex, readIndexIdentity, type IndexEntries } from './read-index';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };
}
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: gitEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });

function repo(files: Record<string, string>, init: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'sp-index-'));
  dirs.push(dir);
  git(dir, 'init', '-q', ...init);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  git(dir, 'add', '-A');
  return dir;
}

const paths = (e: IndexEntries) => Array.from({ length: e.count }, (_, i) => e.path(i));
const rows = (e: IndexEntries) => paths(e).map((p, i) => `${e.modes[i]!.toString(8)} ${e.oid(i)} ${e.stages[i]} ${e.sizes[i]} ${p}`);
/** What git itself lists, through the fallback parser of `ls-files --stage --debug`. */
const fromGit = (dir: string) => parseLsFilesDebug(git(dir, 'ls-files', '-z', '--stage', '--debug'));

const FILES = {
  'a.ts': 'one\n',
  'dir/b.ts': 'two two\n',
  'dir/sub/c.md': '# three\n',
  'é/ünïcode name.txt': 'x'.repeat(1000),
  'run.sh': '#!/bin/sh\n',
};

describe('readGitIndex', () => {
  it('reads what git lists: paths, modes, object ids, stages and sizes (version 2)', () => {
    const dir = repo(FILES);
    git(dir, 'update-index', '--chmod=+x', 'run.sh');
    const index = readGitIndex(join(dir, '.git'))!;
    expect(index).not.toBeNull();
    expect(readFileSync(join(dir, '.git', 'index')).readUInt32BE(4)).toBe(2);
    expect(rows(index)).toEqual(rows(fromGit(dir)));
    expect(paths(index)).toContain('é/ünïcode name.txt');
    expect(index.mayHoldName('b.ts')).toBe(true);
    expect(index.mayHoldName('.gitattributes')).toBe(false);
  });

  it('reads version 3 (intent-to-add and skip-worktree entries) and version 4 (compressed paths)', () => {
    const dir = repo(FILES);
    writeFileSync(join(dir, 'later.ts'), 'later\n');
    git(dir, 'add', '-N', 'later.ts');
    git(dir, 'update-index', '--skip-worktree', 'dir/b.ts');
    expect(readFileSync(join(dir, '.git', 'index')).readUInt32BE(4)).toBe(3);
    expect(rows(readGitIndex(join(dir, '.git'))!)).toEqual(rows(fromGit(dir)));

    git(dir, 'update-index', '--index-version', '4');
    expect(readFileSync(join(dir, '.git', 'index')).readUInt32BE(4)).toBe(4);
    expect(rows(readGitIndex(join(dir, '.git'))!)).toEqual(rows(fromGit(dir)));
  });

  it('reads every stage of a conflicted path', () => {
    const dir = repo({ 'f.txt': 'base\n' });
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'checkout', '-q', '-b', 'other');
    writeFileSync(join(dir, 'f.txt'), 'other\n');
    git(dir, 'commit', '-q', '-am', 'other');
    git(dir, 'checkout', '-q', '-');
    writeFileSync(join(dir, 'f.txt'), 'mine\n');
    git(dir, 'commit', '-q', '-am', 'mine');
    expect(() => git(dir, 'merge', '-q', 'other')).toThrow();
    const index = readGitIndex(join(dir, '.git'))!;
    expect([...index.stages]).toEqual([1, 2, 3]);
    expect(rows(index)).toEqual(rows(fromGit(dir)));
  });

  it('reads a path longer than the 12-bit name length, in versions 2 and 4', () => {
    const dir = repo(FILES);
    const blob = git(dir, 'hash-object', '-w', 'a.ts').toString('utf8').trim();
    const long = `${'d'.repeat(200)}/`.repeat(22) + 'file.ts';
    git(dir, 'update-index', '--add', '--cacheinfo', `100644,${blob},${long}`);
    expect(rows(readGitIndex(join(dir, '.git'))!)).toContain(`100644 ${blob} 0 0 ${long}`);
    git(dir, 'update-index', '--index-version', '4');
    expect(rows(readGitIndex(join(dir, '.git'))!)).toEqual(rows(fromGit(dir)));
  });

  it('reads a SHA-256 repository', () => {
    let dir: string;
    try {
      dir = repo(FILES, ['--object-format=sha256']);
    } catch {
      return; // a git without SHA-256 support
    }
    const index = readGitIndex(join(dir, '.git'))!;
    expect(index.oid(0)).toMatch(/^[0-9a-f]{64}$/);
    expect(rows(index)).toEqual(rows(fromGit(dir)));
  });

  it('treats a missing index as empty, and leaves split or damaged ones to git', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'sp-index-'));
    dirs.push(fresh);
    git(fresh, 'init', '-q');
    expect(readGitIndex(join(fresh, '.git'))?.count).toBe(0);

    const split = repo(FILES);
    git(split, 'update-index', '--split-index');
    expect(readGitIndex(join(split, '.git'))).toBeNull();

    const dir = repo(FILES);
    const bytes = readFileSync(join(dir, '.git', 'index'));
    expect(parseGitIndex(bytes.subarray(0, bytes.length - 7))).toBeNull();
    expect(parseGitIndex(Buffer.from('not an index at all'))).toBeNull();
  });

  it('has an identity that changes with any entry, and is "no-index" without one', () => {
    const dir = repo(FILES);
    const before = readIndexIdentity(join(dir, '.git'));
    expect(before).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect(readIndexIdentity(join(dir, '.git'))).toBe(before);
    writeFileSync(join(dir, 'a.ts'), 'changed\n');
    git(dir, 'add', 'a.ts');
    expect(readIndexIdentity(join(dir, '.git'))).not.toBe(before);
    const fresh = mkdtempSync(join(tmpdir(), 'sp-index-'));
    dirs.push(fresh);
    git(fresh, 'init', '-q');
    expect(readIndexIdentity(join(fresh, '.git'))).toBe('no-index');
  });
});
