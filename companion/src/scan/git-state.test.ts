import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitStateSchema, type GitState } from '../../../shared/domain/scan';
import { readGitState, STATUS_SKIPPED } from './git-state';

let base: string;
let counter = 0;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sp-git-state-test-')));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

/** The test's own git: no inherited GIT_* variables or global config, a fixed identity, no editor. */
function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_EDITOR: 'true', LC_ALL: 'C', ...extra };
}

const IDENTITY = ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false'];

function gitWith(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): string {
  return execFileSync('git', [...IDENTITY, ...args], { cwd, env: gitEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
}

const git = (cwd: string, ...args: string[]) => gitWith({}, cwd, ...args);

/** Runs a command that may fail, e.g. a control run that trips over the canaries' fake drivers. */
function gitTry(cwd: string, ...args: string[]): void {
  try {
    git(cwd, ...args);
  } catch {
    /* the canary files are what the test looks at */
  }
}

/** For commands that stop on a conflict and exit non-zero on purpose. */
function gitFails(cwd: string, ...args: string[]): void {
  expect(() => git(cwd, ...args)).toThrow();
}

function freshDir(name: string): string {
  const dir = join(base, `${name}-${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

function makeRepo(name: string, committed: Record<string, string>): string {
  const root = freshDir(name);
  git(root, 'init', '-q', '-b', 'main');
  writeFiles(root, committed);
  if (Object.keys(committed).length) {
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'initial');
  }
  return root;
}

function commitFile(root: string, file: string, content: string, message: string): void {
  writeFiles(root, { [file]: content });
  git(root, 'add', '--', file);
  git(root, 'commit', '-q', '-m', message);
}

/** Every state must satisfy the schema the CLI and the socket promise. */
async function stateOf(root: string): Promise<GitState> {
  const state = await readGitState(root);
  expect(GitStateSchema.parse(state)).toEqual(state);
  return state;
}

/** main: base → "main" → "main 2"; side (from base): "side". Every pairing of the two conflicts on a.txt. */
function conflictingBranches(name: string): string {
  const root = makeRepo(name, { 'a.txt': 'base\n', 'b.txt': 'b\n' });
  git(root, 'checkout', '-q', '-b', 'side');
  commitFile(root, 'a.txt', 'side\n', 'side');
  git(root, 'checkout', '-q', 'main');
  commitFile(root, 'a.txt', 'main\n', 'main');
  commitFile(root, 'a.txt', 'main 2\n', 'main 2');
  return root;
}

describe('readGitState: changed files', () => {
  it('lists staged, unstaged and untracked files with exact counts and an exact diff stat', async () => {
    const root = makeRepo('changes', { 'a.txt': 'one\ntwo\nthree\n', 'b.txt': 'b\n', 'c.txt': 'c1\nc2\nc3\nc4\n', 'd.txt': 'd\n' });
    writeFiles(root, { 'a.txt': 'one\nTWO\nthree\n', 'new.txt': '1\n2\n3\n4\n5\n' });
    git(root, 'add', 'a.txt', 'new.txt');
    writeFiles(root, { 'a.txt': 'one\nTWO\nTHREE\n', 'b.txt': 'b\nmore\nmore\n', 'u.txt': '', 'dir/x.txt': '', 'dir/y.txt': '' });
    rmSync(join(root, 'c.txt'));

    const s = await stateOf(root);
    expect(s).toEqual({
      isRepo: true,
      branch: 'main',
      head: git(root, 'rev-parse', 'HEAD').trim(),
      upstream: null,
      staged: [
        { file: 'a.txt', status: 'MM' },
        { file: 'new.txt', status: 'A.' },
      ],
      unstaged: [
        { file: 'a.txt', status: 'MM' },
        { file: 'b.txt', status: '.M' },
        { file: 'c.txt', status: '.D' },
      ],
      untracked: ['dir/', 'u.txt'],
      conflicted: [],
      counts: { staged: 2, unstaged: 3, untracked: 2, conflicted: 0 },
      dirtyFiles: 4,
      untrackedFiles: 2,
      stashCount: 0,
      recentCommits: [expect.objectContaining({ subject: 'initial', author: 't' })],
      // a.txt -2 +2, b.txt +2, c.txt -4, new.txt +5: untracked files are not in the diff.
      diffStat: { files: 4, insertions: 9, deletions: 6 },
      operation: null,
    });
  });

  it('gives the diff stat git gives for the whole tree, whatever the changed paths are named', async () => {
    const names = ['plain.txt', 'with space.txt', ':colon.txt', '*star.txt', '-dash.txt', 'dir/[x].txt', 'dir/deep/é.txt', 'gone.txt', 'staged-only.txt'];
    const root = makeRepo('diff-paths', Object.fromEntries(names.map((n) => [n, 'a\nb\nc\n'])));
    for (const n of names.slice(0, 7)) writeFiles(root, { [n]: 'a\nB\nc\nd\n' });
    rmSync(join(root, 'gone.txt'));
    writeFiles(root, { 'staged-only.txt': 'z\n' });
    git(root, 'add', '--', 'staged-only.txt');
    const whole = git(root, 'diff', '--shortstat', 'HEAD');
    expect(whole).toContain('9 files changed');
    const s = await stateOf(join(root, 'dir'));
    expect(s.diffStat).toEqual({ files: 9, insertions: 15, deletions: 13 });
  });

  it('reports a clean repo with empty lists and a zero diff stat', async () => {
    const s = await stateOf(makeRepo('clean', { 'a.txt': 'a\n' }));
    expect(s).toMatchObject({ staged: [], unstaged: [], untracked: [], conflicted: [], dirtyFiles: 0, diffStat: { files: 0, insertions: 0, deletions: 0 } });
    expect(s.problems).toBeUndefined();
  });
});

describe('readGitState: from a subfolder, and when parts fail', () => {
  it('reports the whole repository from a subfolder, with paths from the top, even with diff.relative set', async () => {
    const root = makeRepo('subfolder', { 'top.txt': 'top\n', 'pkg/a.txt': 'a\n' });
    git(root, 'config', 'diff.relative', 'true');
    writeFiles(root, { 'top.txt': 'top\nmore\n', 'pkg/a.txt': 'a\nmore\n' });
    const s = await stateOf(join(root, 'pkg'));
    expect(s.unstaged?.map((f) => f.file)).toEqual(['pkg/a.txt', 'top.txt']);
    expect(s.diffStat).toEqual({ files: 2, insertions: 2, deletions: 0 });
  });

  it('still reports branch, commits and stash when the index is unreadable, with one sentence per failed part', async () => {
    const root = makeRepo('broken-index', { 'a.txt': 'a\n' });
    writeFileSync(join(root, '.git', 'index'), 'not an index');
    const s = await stateOf(root);
    expect(s).toMatchObject({ isRepo: true, branch: 'main', head: git(root, 'rev-parse', 'HEAD').trim(), stashCount: 0, operation: null });
    expect(s.recentCommits).toHaveLength(1);
    expect(s.counts).toBeUndefined();
    expect(s.diffStat).toBeUndefined();
    expect(s.problems).toHaveLength(2);
    expect(s.problems?.[0]).toMatch(/^The changed files could not be listed \(.*index.*\)\.$/);
    expect(s.problems?.[1]).toMatch(/^The diff stat could not be computed \(.*\)\.$/);
  });
});

describe('readGitState: operations in progress', () => {
  it('reports a conflicted merge', async () => {
    const root = conflictingBranches('merge');
    gitFails(root, 'merge', 'side');
    const s = await stateOf(root);
    expect(s).toMatchObject({ operation: 'merge', branch: 'main', conflicted: ['a.txt'], dirtyFiles: 1 });
    expect(s.counts).toEqual({ staged: 0, unstaged: 0, untracked: 0, conflicted: 1 });
    expect(s.problems).toBeUndefined();
  });

  it('reports a rebase stopped on a conflict', async () => {
    const root = conflictingBranches('rebase');
    git(root, 'checkout', '-q', 'side');
    gitFails(root, 'rebase', 'main');
    const s = await stateOf(root);
    expect(s).toMatchObject({ operation: 'rebase', branch: null, conflicted: ['a.txt'] });
    expect(s.head).toBe(git(root, 'rev-parse', 'main').trim());
  });

  it('reports an interactive rebase stopped at an edit', async () => {
    const root = conflictingBranches('rebase-edit');
    const toEdit = `"${process.execPath}" -e "const fs = require('fs'), f = process.argv[1]; fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/^pick/gm, 'edit'))"`;
    gitWith({ GIT_SEQUENCE_EDITOR: toEdit }, root, 'rebase', '-q', '-i', 'HEAD~1');
    expect(await stateOf(root)).toMatchObject({ operation: 'rebase', conflicted: [] });
  });

  it('reports a cherry-pick, a revert and a bisect', async () => {
    const picking = conflictingBranches('cherry-pick');
    gitFails(picking, 'cherry-pick', 'side');
    expect(await stateOf(picking)).toMatchObject({ operation: 'cherry-pick', conflicted: ['a.txt'] });

    const reverting = conflictingBranches('revert');
    gitFails(reverting, 'revert', '--no-edit', 'HEAD~1');
    expect(await stateOf(reverting)).toMatchObject({ operation: 'revert', conflicted: ['a.txt'] });

    const bisecting = conflictingBranches('bisect');
    git(bisecting, 'bisect', 'start');
    expect(await stateOf(bisecting)).toMatchObject({ operation: 'bisect', conflicted: [] });
  });

  it('finds the operation in a linked worktree, not in the main one', async () => {
    const root = conflictingBranches('worktree');
    const linked = join(freshDir('linked'), 'wt');
    git(root, 'worktree', 'add', '-q', '-b', 'wt', linked, 'main');
    gitFails(linked, 'merge', 'side');
    expect(await stateOf(linked)).toMatchObject({ operation: 'merge', branch: 'wt', conflicted: ['a.txt'] });
    expect(await stateOf(root)).toMatchObject({ operation: null, branch: 'main', conflicted: [] });
  });
});

describe('readGitState: stash, upstream and history', () => {
  it('counts the stash entries', async () => {
    const root = makeRepo('stash', { 'a.txt': 'a\n' });
    expect((await stateOf(root)).stashCount).toBe(0);
    writeFiles(root, { 'a.txt': 'first\n' });
    git(root, 'stash', 'push', '-q');
    writeFiles(root, { 'a.txt': 'second\n' });
    git(root, 'stash', 'push', '-q');
    const s = await stateOf(root);
    expect(s.stashCount).toBe(2);
    expect(s.problems).toBeUndefined();
  });

  /** A clone of a bare origin, 1 commit ahead of origin/main and 2 behind it. */
  function divergedClone(): string {
    const seed = makeRepo('seed', { 'a.txt': 'a\n' });
    const dir = freshDir('remote');
    git(dir, 'clone', '-q', '--bare', seed, 'origin.git');
    git(dir, 'clone', '-q', 'origin.git', 'mine');
    git(dir, 'clone', '-q', 'origin.git', 'theirs');
    const theirs = join(dir, 'theirs');
    commitFile(theirs, 't.txt', '1\n', 'theirs 1');
    commitFile(theirs, 't.txt', '2\n', 'theirs 2');
    git(theirs, 'push', '-q', 'origin', 'main');
    const mine = join(dir, 'mine');
    commitFile(mine, 'm.txt', 'm\n', 'mine 1');
    git(mine, 'fetch', '-q', 'origin');
    return mine;
  }

  it('reports the upstream and how far ahead and behind it the branch is', async () => {
    const s = await stateOf(divergedClone());
    expect(s).toMatchObject({ branch: 'main', upstream: 'origin/main', ahead: 1, behind: 2 });
  });

  it('returns the last 20 commits on HEAD, newest first, with committer dates in ms', async () => {
    const root = makeRepo('history', {});
    for (let i = 1; i <= 25; i++) {
      gitWith({ GIT_COMMITTER_DATE: `@${1_700_000_000 + i} +0000`, GIT_AUTHOR_NAME: `author ${i}` }, root, 'commit', '-q', '--allow-empty', '-m', `commit ${i}`, '-m', 'body');
    }
    const { recentCommits } = await stateOf(root);
    expect(recentCommits).toHaveLength(20);
    expect(recentCommits?.map((c) => c.subject)).toEqual(Array.from({ length: 20 }, (_, i) => `commit ${25 - i}`));
    expect(recentCommits?.[0]).toEqual({
      hash: git(root, 'rev-parse', 'HEAD').trim(),
      subject: 'commit 25',
      author: 'author 25',
      date: (1_700_000_000 + 25) * 1000,
    });
    expect(recentCommits?.[19]?.date).toBe((1_700_000_000 + 6) * 1000);
  });

  it('does not throw on a repo without commits, and diffs the index against the empty tree', async () => {
    const root = makeRepo('unborn', {});
    expect(await stateOf(root)).toEqual({
      isRepo: true,
      branch: 'main',
      head: null,
      upstream: null,
      staged: [],
      unstaged: [],
      untracked: [],
      conflicted: [],
      counts: { staged: 0, unstaged: 0, untracked: 0, conflicted: 0 },
      dirtyFiles: 0,
      untrackedFiles: 0,
      stashCount: 0,
      recentCommits: [],
      diffStat: { files: 0, insertions: 0, deletions: 0 },
      operation: null,
    });
    writeFiles(root, { 'a.txt': 'x\ny\n', 'b.txt': 'untracked\n' });
    git(root, 'add', 'a.txt');
    writeFiles(root, { 'a.txt': 'x\ny\nz\n' });
    const s = await stateOf(root);
    expect(s).toMatchObject({
      head: null,
      staged: [{ file: 'a.txt', status: 'AM' }],
      unstaged: [{ file: 'a.txt', status: 'AM' }],
      untracked: ['b.txt'],
      recentCommits: [],
      diffStat: { files: 1, insertions: 3, deletions: 0 },
    });
    expect(s.problems).toBeUndefined();
  });

  it('reports a folder outside any repository as not a repo', async () => {
    expect(await readGitState(freshDir('plain'))).toEqual({ isRepo: false });
  });
});

describe('readGitState: hostile repo config', () => {
  /** Makes the committed files look modified-but-same-size, so git status must hash them (and run filters). */
  function makeRacy(root: string, files: string[]): void {
    const later = new Date(Date.now() + 60_000);
    for (const f of files) utimesSync(join(root, f), later, later);
  }

  function armCanaries(root: string, canary: (name: string) => string): void {
    git(root, 'config', 'core.fsmonitor', `touch ${canary('fsmonitor')}`);
    git(root, 'config', 'filter.evil.clean', `touch ${canary('clean')}; cat`);
    git(root, 'config', 'filter.evil.smudge', `touch ${canary('smudge')}; cat`);
    git(root, 'config', 'filter.evil.process', `touch ${canary('process')}`);
    git(root, 'config', 'filter.evil.required', 'true');
    git(root, 'config', 'diff.tc.textconv', `touch ${canary('textconv')}; cat`);
    git(root, 'config', 'diff.tc.command', `touch ${canary('diff-driver')}`);
    git(root, 'config', 'diff.external', `touch ${canary('diff-external')}`);
    git(root, 'config', 'core.pager', `touch ${canary('pager')}; cat`);
    git(root, 'config', 'core.hooksPath', dirname(canary('x')));
  }

  /** Control: plain git runs the canaries. The fake process filter stops git, so it is removed to reach the rest. */
  function liveControl(root: string): void {
    gitTry(root, 'status', '--porcelain');
    git(root, 'config', '--unset', 'filter.evil.process');
    gitTry(root, 'status', '--porcelain');
    gitTry(root, 'diff', 'HEAD');
  }

  const CANARIES = ['fsmonitor', 'clean', 'smudge', 'process', 'textconv', 'diff-driver', 'diff-external', 'pager', 'eq-clean'];

  it('runs no fsmonitor, filter driver, diff driver or pager, and still reports everything', async () => {
    const canaries = freshDir('canaries');
    const canary = (name: string) => join(canaries, name);
    const root = makeRepo('hostile', { '.gitattributes': '*.txt filter=evil diff=tc\n', 'a.txt': 'a\n', 'b.txt': 'b\n' });
    armCanaries(root, canary);
    writeFiles(root, { 'b.txt': 'b\nchanged\n' });
    makeRacy(root, ['a.txt']);

    const s = await stateOf(root);
    for (const name of CANARIES) expect(existsSync(canary(name)), name).toBe(false);
    expect(s).toMatchObject({
      branch: 'main',
      unstaged: [{ file: 'b.txt', status: '.M' }],
      diffStat: { files: 1, insertions: 1, deletions: 0 },
      recentCommits: [expect.objectContaining({ subject: 'initial' })],
      stashCount: 0,
    });
    expect(s.problems).toBeUndefined();

    // Control: a plain `git status` and `git diff` do run them, so the canaries are live.
    liveControl(root);
    for (const name of ['fsmonitor', 'process', 'clean', 'diff-driver']) expect(existsSync(canary(name)), name).toBe(true);
  });

  it('skips status and diff for a filter driver -c cannot reach, and still reports branch, upstream, log and stash', async () => {
    const canaries = freshDir('canaries-eq');
    const canary = (name: string) => join(canaries, name);
    const seed = makeRepo('seed-eq', { '.gitattributes': '*.md filter=a=b\n*.txt filter=evil\n', 'a.txt': 'a\n', 'b.md': 'b\n' });
    const dir = freshDir('remote-eq');
    git(dir, 'clone', '-q', seed, 'mine');
    const root = join(dir, 'mine');
    commitFile(root, 'c.txt', 'c\n', 'ahead');
    armCanaries(root, canary);
    // `-c` splits at the first '=', so a driver named a=b cannot be overridden with -c.
    git(root, 'config', 'filter.a=b.clean', `touch ${canary('eq-clean')}; cat`);
    makeRacy(root, ['a.txt', 'b.md']);

    const s = await stateOf(root);
    for (const name of CANARIES) expect(existsSync(canary(name)), name).toBe(false);
    expect(s).toEqual({
      isRepo: true,
      branch: 'main',
      head: git(root, 'rev-parse', 'HEAD').trim(),
      upstream: 'origin/main',
      ahead: 1,
      behind: 0,
      stashCount: 0,
      recentCommits: [expect.objectContaining({ subject: 'ahead' }), expect.objectContaining({ subject: 'initial' })],
      operation: null,
      problems: [STATUS_SKIPPED],
    });

    liveControl(root);
    for (const name of ['fsmonitor', 'process', 'eq-clean']) expect(existsSync(canary(name)), name).toBe(true);
  });
});
