import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scanRepo } from '../scan/scan-repo';
import { isSafeOperand, runGit } from './run-git';

/*
 * git is the one external program the companion runs on untrusted repos: operands must never be
 * read as options, the companion's own environment must never steer git, a slow or chatty git is
 * stopped, and a bare repo hidden in a scanned folder is never picked up as "the repo".
 */

let base: string;
let repo: string;

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd, env: gitEnv(), stdio: 'pipe' }).toString('utf8');
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sp-rungit-')));
  repo = join(base, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'a.ts'), '// TODO: a\n');
  git(repo, 'add', 'a.ts');
  git(repo, 'commit', '-q', '-m', 'one');
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

describe('D: isSafeOperand', () => {
  it('rejects option-like values, NUL and empty, and accepts ordinary refs and paths', () => {
    for (const bad of ['-', '--', '-L1,1', '--output=/tmp/x', '--upload-pack=touch /tmp/pwned', '-c', 'a\0b', '\0', 'src/a.ts\0--x', '']) {
      expect({ bad, safe: isSafeOperand(bad) }).toEqual({ bad, safe: false });
    }
    for (const good of ['main', 'HEAD', 'src/a.ts', 'a-b.ts', 'dir/-x.ts', 'refs/heads/x', '.', 'a b']) {
      expect({ good, safe: isSafeOperand(good) }).toEqual({ good, safe: true });
    }
  });
});

describe('D: runGit environment', () => {
  const saved: Record<string, string | undefined> = {};
  const hostile: Record<string, string> = {
    GIT_DIR: '/nonexistent/bogus.git',
    GIT_WORK_TREE: '/nonexistent',
    GIT_CEILING_DIRECTORIES: '/',
    GIT_CONFIG_PARAMETERS: "'sp.canary'='leaked-parameters'",
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'sp.canary2',
    GIT_CONFIG_VALUE_0: 'leaked-count',
    GIT_INDEX_FILE: '/nonexistent/index',
  };

  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('never passes the companion’s GIT_* variables to git', async () => {
    for (const [k, v] of Object.entries(hostile)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    const top = await runGit(['rev-parse', '--show-toplevel'], { cwd: repo });
    expect(top.ok && top.value.toString('utf8').trim()).toBe(repo);
    const files = await runGit(['ls-files'], { cwd: repo });
    expect(files.ok && files.value.toString('utf8')).toBe('a.ts\n');
    const canary = await runGit(['config', '--get-regexp', '^sp\\.'], { cwd: repo, okExitCodes: [1] });
    expect(canary.ok && canary.value.toString('utf8')).toBe('');
    // And a scan in the same environment still sees the right repo.
    const scan = await scanRepo(repo, { tests: false });
    expect(scan.ok && scan.value.markers.map((m) => m.file)).toEqual(['a.ts']);
  });
});

describe('D: runGit limits', () => {
  it('stops a git that runs past its timeout with git_timeout', async () => {
    const t0 = performance.now();
    // An alias is the simplest git that takes long without reading stdin (which runGit closes).
    const r = await runGit(['-c', 'alias.slow=!sleep 2', 'slow'], { cwd: repo, timeoutMs: 200 });
    expect(r).toMatchObject({ ok: false, error: { code: 'git_timeout' } });
    expect(performance.now() - t0).toBeLessThan(1_500);
  });

  it('caps the output with git_output_too_large', async () => {
    const capped = await runGit(['cat-file', '-p', 'HEAD'], { cwd: repo, maxOutputBytes: 16 });
    expect(capped).toMatchObject({ ok: false, error: { code: 'git_output_too_large' } });
    const big = await runGit(['log', '--format=%H%n%H%n%H%n%H'], { cwd: repo, maxOutputBytes: 64 });
    expect(big).toMatchObject({ ok: false, error: { code: 'git_output_too_large' } });
    // Under the cap it answers normally.
    const fine = await runGit(['rev-parse', 'HEAD'], { cwd: repo, maxOutputBytes: 64 });
    expect(fine.ok && fine.value.toString('utf8').trim()).toMatch(/^[0-9a-f]{40}$/);
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    const pending = runGit(['-c', 'alias.slow=!sleep 2', 'slow'], { cwd: repo, signal: controller.signal, timeoutMs: 10_000 });
    setTimeout(() => controller.abort(), 50);
    const t0 = performance.now();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'git_cancelled' } });
    expect(performance.now() - t0).toBeLessThan(1_500);
  });
});

describe('D: a bare repo buried in a scanned folder', () => {
  it('is never used as the repo (safe.bareRepository=explicit), so its config cannot steer the scan', async () => {
    const root = join(base, 'plain');
    const secretTree = join(base, 'secret-tree');
    const bare = join(root, 'vendor', 'evil.git');
    const canary = join(base, 'canary-fsmonitor');
    mkdirSync(secretTree, { recursive: true });
    writeFileSync(join(secretTree, 'SECRET-NAME.ts'), '// TODO: outside\n');
    mkdirSync(join(root, 'vendor'), { recursive: true });
    writeFileSync(join(root, 'main.ts'), '// TODO: mine\n');
    git(base, 'init', '-q', '--bare', bare);
    // The buried repo claims a work tree outside the allowed folder, and sets an fsmonitor hook.
    git(bare, 'config', 'core.bare', 'false');
    git(bare, 'config', 'core.worktree', secretTree);
    git(bare, 'config', 'core.fsmonitor', `touch ${canary}`);

    // Scanning the allowed folder: a plain folder, walked.
    const top = await scanRepo(root, { tests: false });
    if (!top.ok) throw new Error(top.error.message);
    expect(top.value.fileSet).toBe('walk');
    expect(top.value.git).toEqual({ isRepo: false });

    // Scanning inside the buried repo (a folder the roots allow): git must not adopt it.
    for (const path of [bare, join(bare, 'refs')]) {
      const inner = await scanRepo(path, { tests: false });
      if (!inner.ok) throw new Error(inner.error.message);
      expect({ path, fileSet: inner.value.fileSet, git: inner.value.git }).toEqual({ path, fileSet: 'walk', git: { isRepo: false } });
      expect(JSON.stringify(inner.value)).not.toContain('SECRET-NAME');
    }
    const where = await runGit(['rev-parse', '--absolute-git-dir'], { cwd: bare });
    expect(where).toMatchObject({ ok: false, error: { code: 'git_failed' } });
    expect(existsSync(canary)).toBe(false);
  });
});
