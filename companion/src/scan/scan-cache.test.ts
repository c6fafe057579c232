import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { scanRepo } from './scan-repo';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let repo: string;
let home: string;
const old = new Date(Date.now() - 60_000); // older than the racy window

function write(rel: string, text: string) {
  mkdirSync(join(repo, rel, '..'), { recursive: true });
  writeFileSync(join(repo, rel), text);
  utimesSync(join(repo, rel), old, old);
}
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'ignore' });

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'sp-cache-repo-'));
  home = mkdtempSync(join(tmpdir(), 'sp-cache-home-'));
  dirs.push(repo, home);
  write('a.ts', '// TODO one\n');
  write('b.ts', 'nothing\n');
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'x');
  write('untracked.ts', '// FIXME loose\n');
});

async function scan() {
  const r = await scanRepo(repo, { cacheHome: home, git: false });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const hits = (r: Awaited<ReturnType<typeof scan>>) => r.markers.map((m) => `${m.file}:${m.line}:${m.tag}`).sort();

describe('scan cache', () => {
  it('reuses everything for an unchanged tree and reads nothing', async () => {
    // utimes() cannot age a file's ctime: wait out the 2 s racy window instead.
    await new Promise((r) => setTimeout(r, 2_100));
    const first = await scan();
    expect(first.filesScanned).toBe(3);
    const second = await scan();
    expect(second.filesScanned).toBe(0);
    expect(second.filesFromCache).toBe(3);
    expect(second.markers).toEqual(first.markers);
  });

  it('sees an edited tracked file, a new untracked file and a deleted one', async () => {
    await scan();
    write('b.ts', 'now\n// HACK fresh\n');
    write('new.ts', '// BUG new\n');
    rmSync(join(repo, 'untracked.ts'));
    const again = await scan();
    expect(hits(again)).toEqual(['a.ts:1:TODO', 'b.ts:2:HACK', 'new.ts:1:BUG']);
    expect(again.filesFromCache).toBe(0); // a changed tree is searched again (git grep), not patched
  });

  it('sees an edit to an untracked file even when the file list is the same', async () => {
    await scan();
    appendFileSync(join(repo, 'untracked.ts'), '// TODO more\n');
    utimesSync(join(repo, 'untracked.ts'), old, new Date(Date.now() - 30_000));
    expect(hits(await scan())).toEqual(['a.ts:1:TODO', 'untracked.ts:1:FIXME', 'untracked.ts:2:TODO']);
  });

  it('never trusts a file written within the racy window', async () => {
    await scan();
    writeFileSync(join(repo, 'untracked.ts'), '// XXX same size!\n'); // fresh mtime
    expect(hits(await scan())).toEqual(['a.ts:1:TODO', 'untracked.ts:1:XXX']);
  });

  it('sees a checkout of another branch, and new and edited files in a new folder', async () => {
    git('checkout', '-q', '-b', 'other');
    write('a.ts', '// FIXME on other\n');
    git('commit', '-q', '-am', 'other');
    git('checkout', '-q', '-');
    // Past the racy window, so that unchanged results really are reused from here on.
    const settle = () => new Promise((r) => setTimeout(r, 2_100));
    await settle();
    expect(hits(await scan())).toEqual(['a.ts:1:TODO', 'untracked.ts:1:FIXME']);
    expect((await scan()).filesFromCache).toBe(3);
    // Same untracked files, and a.ts clean against the new index: only the index itself changed.
    git('checkout', '-q', 'other');
    expect(hits(await scan())).toEqual(['a.ts:1:FIXME', 'untracked.ts:1:FIXME']);
    git('checkout', '-q', '-');
    expect(hits(await scan())).toEqual(['a.ts:1:TODO', 'untracked.ts:1:FIXME']);

    write('fresh/deep/new.ts', '// BUG in a new folder\n');
    await settle();
    expect(hits(await scan())).toEqual(['a.ts:1:TODO', 'fresh/deep/new.ts:1:BUG', 'untracked.ts:1:FIXME']);
    expect((await scan()).filesFromCache).toBe(4);
    appendFileSync(join(repo, 'fresh/deep/new.ts'), '// XXX more\n');
    await settle();
    expect(hits(await scan())).toEqual(['a.ts:1:TODO', 'fresh/deep/new.ts:1:BUG', 'fresh/deep/new.ts:2:XXX', 'untracked.ts:1:FIXME']);
  });

  it('reuses the full scan too, while the git state stays current', async () => {
    await new Promise((r) => setTimeout(r, 2_100));
    const full = async () => {
      const r = await scanRepo(repo, { cacheHome: home });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const first = await full();
    expect(first.filesScanned).toBe(3);
    const second = await full();
    expect(second).toMatchObject({ filesScanned: 0, filesFromCache: 3, markers: first.markers, facts: first.facts, tests: first.tests });
    git('commit', '-q', '--allow-empty', '-m', 'later');
    const third = await full();
    expect(third.filesScanned).toBe(0);
    expect(third.git.recentCommits?.[0]?.subject).toBe('later');
  });

  it('reads fresh test reports when the tree is unchanged, also ignored ones', async () => {
    write('.gitignore', 'test-results/\n');
    git('add', '.gitignore');
    git('commit', '-q', '-m', 'ignore reports');
    await new Promise((r) => setTimeout(r, 2_100));
    const full = async () => {
      const r = await scanRepo(repo, { cacheHome: home });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    expect((await full()).tests.failures).toEqual([]);
    const junit = (name: string) =>
      `<?xml version="1.0"?><testsuite name="s" tests="1" failures="1"><testcase classname="c" name="${name}"><failure message="boom"/></testcase></testsuite>`;
    mkdirSync(join(repo, 'test-results'), { recursive: true });
    writeFileSync(join(repo, 'test-results', 'junit.xml'), junit('first fails'));
    const second = await full();
    expect(second.filesScanned).toBe(0); // the tree is unchanged: markers come from the cache
    expect(second.tests.failures.map((f) => f.name)).toEqual(['c.first fails']);
    writeFileSync(join(repo, 'test-results', 'junit.xml'), junit('second fails'));
    expect((await full()).tests.failures.map((f) => f.name)).toEqual(['c.second fails']);
  });

  it('survives a damaged cache file by scanning again', async () => {
    await scan();
    const dir = join(home, 'cache', 'scan');
    for (const f of (await import('node:fs')).readdirSync(dir)) writeFileSync(join(dir, f), '{not json');
    const again = await scan();
    expect(again.filesScanned).toBe(3);
    expect(hits(again)).toEqual(['a.ts:1:TODO', 'untracked.ts:1:FIXME']);
  });

  it('stops within 100 ms of a cancel', async () => {
    for (let i = 0; i < 3000; i++) write(`many/f${i}.ts`, `// TODO ${i}\n${'x'.repeat(2000)}\n`);
    const controller = new AbortController();
    const started = performance.now();
    let cancelledAt = 0;
    const pending = scanRepo(repo, {
      git: false,
      signal: controller.signal,
      onProgress: (done) => {
        if (done > 0 && !cancelledAt) {
          cancelledAt = performance.now();
          controller.abort();
        }
      },
    });
    const result = await pending;
    const stoppedAfter = performance.now() - cancelledAt;
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(cancelledAt).toBeGreaterThan(started);
    expect(stoppedAfter).toBeLessThan(100);
  });
});
