import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../../shared/domain/scan';
import { ScanResultSchema } from '../../../shared/domain/scan';
import { MARKER_TAGS } from '../../../shared/domain/marker-tags';
import { markerNeedles } from './buffer-markers';
import { FileReader } from './file-reader';
import { scanRepo } from './scan-repo';

/*
 * scanRepo on hostile trees, both as untracked files in a git repo (git's file set) and in a plain
 * folder (the walk). Whatever the tree holds, the scan must finish, read nothing outside the root,
 * never block, never load a huge file, and report what it skipped.
 *
 * Where each defence sits:
 * - git lists untracked symlinks (not FIFOs); FileReader opens with O_NOFOLLOW, so a link (to a
 *   file outside, to /dev/zero, or a loop) is reported `not_a_file` and never followed.
 * - The walk lists only regular files (Dirent types, never following a link), so links and FIFOs
 *   are not part of its file set at all: they are neither read nor listed as skipped.
 * - A FIFO reaches FileReader only if it replaces a listed file between the listing and the read;
 *   O_NONBLOCK keeps that open from hanging (the FileReader test below).
 * - Files over maxFileBytes are reported `too_large` from fstat and never read.
 */

const TWO_GB = 2 * 1024 * 1024 * 1024;
let base: string;
let outside: string;
const children: ChildProcess[] = [];

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd, env: gitEnv(), stdio: 'pipe' });
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** A folder holding every hostile entry at once, plus one honest file. */
function hostileFolder(name: string): string {
  const dir = join(base, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'ok.ts'), '// TODO: the honest marker\n');
  symlinkSync('b.ts', join(dir, 'src', 'a.ts')); // a -> b -> a
  symlinkSync('a.ts', join(dir, 'src', 'b.ts'));
  symlinkSync('/dev/zero', join(dir, 'src', 'zero.ts'));
  symlinkSync(join(outside, 'secret.ts'), join(dir, 'src', 'out.ts'));
  symlinkSync(outside, join(dir, 'src', 'outdir')); // a folder link out: never descended into
  mkfifo(join(dir, 'src', 'x.ts'));
  const big = join(dir, 'src', 'big.ts');
  closeSync(openSync(big, 'w'));
  truncateSync(big, TWO_GB); // sparse: no blocks on disk
  return dir;
}

async function timedScan(path: string): Promise<{ result: ScanResult; ms: number }> {
  const t0 = performance.now();
  const r = await scanRepo(path, { tests: false });
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`scan failed: ${r.error.code} ${r.error.message}`);
  expect(ScanResultSchema.safeParse(r.value).success).toBe(true);
  return { result: r.value, ms };
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sp-hostile-')));
  outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.ts'), '// TODO: OUTSIDE-SECRET\n');
});

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

describe('C: hostile entries as untracked files in a git repo', () => {
  it('finishes fast, follows no link, opens no FIFO, does not read the 2 GB file, and reports the skips', async () => {
    const dir = hostileFolder('git-hostile');
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'README.md'), 'hello\n');
    git(dir, 'add', 'README.md');
    git(dir, 'commit', '-q', '-m', 'one');
    const { result, ms } = await timedScan(dir);
    expect(result.fileSet).toBe('git');
    expect(ms).toBeLessThan(10_000);
    expect(result.markers.map((m) => `${m.file}:${m.text}`)).toEqual(['src/ok.ts:// TODO: the honest marker']);
    expect(JSON.stringify(result)).not.toContain('OUTSIDE-SECRET');
    const skipped = [...result.skipped].sort((a, b) => a.file.localeCompare(b.file));
    expect(skipped).toEqual([
      { file: 'src/a.ts', reason: 'not_a_file' },
      { file: 'src/b.ts', reason: 'not_a_file' },
      { file: 'src/big.ts', reason: 'too_large', bytes: TWO_GB },
      { file: 'src/out.ts', reason: 'not_a_file' },
      { file: 'src/outdir', reason: 'not_a_file' },
      { file: 'src/zero.ts', reason: 'not_a_file' },
    ]);
    // git does not list a FIFO at all, so it is neither read nor reported.
    expect(result.markers.some((m) => m.file === 'src/x.ts')).toBe(false);
  }, 30_000);
});

describe('C: hostile entries in a plain folder (no git)', () => {
  it('finishes fast, lists only regular files, and reports the 2 GB file as too_large without reading it', async () => {
    const dir = hostileFolder('walk-hostile');
    const { result, ms } = await timedScan(dir);
    expect(result.fileSet).toBe('walk');
    expect(ms).toBeLessThan(10_000);
    expect(result.markers.map((m) => `${m.file}:${m.text}`)).toEqual(['src/ok.ts:// TODO: the honest marker']);
    expect(JSON.stringify(result)).not.toContain('OUTSIDE-SECRET');
    expect(result.skipped).toEqual([{ file: 'src/big.ts', reason: 'too_large', bytes: TWO_GB }]);
    expect(result.facts?.files).toBe(2); // ok.ts and big.ts: links and the FIFO are not files of the tree
  }, 30_000);
});

describe('C: FileReader against a file swapped after the listing', () => {
  const needles = markerNeedles([...MARKER_TAGS]);

  it('does not block on a FIFO named like a source file (O_NONBLOCK)', async () => {
    const dir = join(base, 'fifo');
    mkdirSync(dir);
    mkfifo(join(dir, 'x.ts'));
    // Safety valve: if the open ever blocked, this writer unblocks it after 3 s (so a regression
    // fails on the time and the marker below instead of hanging the whole run).
    const writer = spawn('sh', ['-c', 'sleep 3; printf "// TODO: came through the fifo\\n" > x.ts'], { cwd: dir, stdio: 'ignore' });
    children.push(writer);
    const reader = new FileReader(dir, needles, 64 * 1024 * 1024, Date.now());
    const t0 = performance.now();
    const outcome = reader.read('x.ts', undefined);
    const ms = performance.now() - t0;
    writer.kill('SIGKILL');
    expect(ms).toBeLessThan(1_000);
    expect(outcome?.skipped).toBe('not_a_file');
    expect(outcome?.markers).toBeUndefined();
    // The same for a path git vouches for (the read-first branch).
    const vouched = reader.read('x.ts', 'git:0000');
    expect(vouched?.markers).toBeUndefined();
    expect(reader.filesRead).toBe(0);
  });

  it('does not follow a file swapped for a symlink to a file outside the root (O_NOFOLLOW)', () => {
    const dir = join(base, 'swap');
    mkdirSync(dir);
    symlinkSync(join(outside, 'secret.ts'), join(dir, 'listed.ts'));
    const reader = new FileReader(dir, needles, 64 * 1024 * 1024, Date.now());
    expect(reader.read('listed.ts', undefined)).toEqual({ sig: '', skipped: 'not_a_file' });
    expect(reader.read('listed.ts', 'git:1234')).toEqual({ sig: '', skipped: 'not_a_file' });
    expect(reader.filesRead).toBe(0);
  });
});

describe('C: a folder of 100,000 tiny files', () => {
  it('scans it outside git and as untracked files in git, counting every file', async () => {
    const dir = join(base, 'many');
    const folder = join(dir, 'files');
    mkdirSync(folder, { recursive: true });
    const N = 100_000;
    for (let i = 0; i < N; i++) writeFileSync(join(folder, `f${i}.txt`), i % 10_000 === 0 ? `// TODO: ${i}\n` : `${i}\n`);

    const walked = await timedScan(dir);
    expect(walked.result.fileSet).toBe('walk');
    expect(walked.result.filesScanned).toBe(N);
    expect(walked.result.markers).toHaveLength(10);
    expect(walked.result.skipped).toEqual([]);

    git(dir, 'init', '-q', '-b', 'main');
    const inGit = await timedScan(dir);
    expect(inGit.result.fileSet).toBe('git');
    expect(inGit.result.filesScanned).toBe(N);
    expect(inGit.result.markers.map((m) => m.file).sort()).toEqual(walked.result.markers.map((m) => m.file).sort());
    expect(inGit.result.skipped).toEqual([]);
  }, 120_000);
});
