import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanResultSchema } from '../../shared/domain/scan';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repoRoot, 'companion', 'dist', 'sessionpilot.js');
let base: string;
let sample: string;

function git(cwd: string, ...args: string[]): void {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env,
    stdio: 'ignore',
  });
}

/** Runs the built bin the way the CLI contract measures it: `node <bin> …`, no TypeScript loader. */
function run(...args: string[]) {
  return runWith({}, ...args);
}

/** A developer's own keys never reach these runs; a test passes the ones it means. */
function runWith(extra: NodeJS.ProcessEnv, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of ['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'GITHUB_TOKEN']) if (!(k in extra)) delete env[k];
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: base, encoding: 'utf8', timeout: 15_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(stderr: string): void {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^sessionpilot: /);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/Error:|node:internal/);
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: repoRoot, stdio: 'pipe' });
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sp-cli-test-')));
  sample = join(base, 'sample');
  mkdirSync(join(sample, 'src'), { recursive: true });
  git(sample, 'init', '-q', '-b', 'main');
  writeFileSync(join(sample, 'src', 'a.ts'), 'const a = 1;\n// TODO: first marker\n');
  writeFileSync(join(sample, 'notes.md'), 'FIXME and TODO\n');
  writeFileSync(join(sample, 'big.txt'), `HACK ${'x'.repeat(300)}\n`);
  git(sample, 'add', '-A');
  git(sample, 'commit', '-q', '-m', 'initial');
  writeFileSync(join(sample, 'untracked.ts'), 'XXX new\n');
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('sessionpilot CLI (built bin)', () => {
  it('--help exits 0 and lists scan', () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = run(flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/\bscan <path>/);
      expect(r.stderr).toBe('');
    }
  });

  it('no arguments shows the help', () => {
    const r = run();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: sessionpilot');
  });

  it('--version prints the package version', () => {
    const r = run('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('0.1.0\n');
  });

  it('scan --json prints exactly one JSON document with the contract fields', () => {
    const r = run('scan', sample, '--json');
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(ScanResultSchema.safeParse(doc).success).toBe(true);
    expect(doc.root).toBe(sample);
    expect(doc.markers).toEqual(
      expect.arrayContaining([
        { file: 'src/a.ts', line: 2, tag: 'TODO', text: '// TODO: first marker' },
        { file: 'notes.md', line: 1, tag: 'FIXME', text: 'FIXME and TODO' },
        { file: 'untracked.ts', line: 1, tag: 'XXX', text: 'XXX new' },
      ]),
    );
    expect((doc.markers as unknown[]).length).toBe(4);
    expect(doc.git).toMatchObject({ isRepo: true, branch: 'main', dirtyFiles: 0, untrackedFiles: 1 });
    expect(doc.tests).toMatchObject({ checked: true, failures: [], reports: [] });
    expect(r.stderr).toBe('');
  });

  it('scan --json reports skipped files on stderr, keeping stdout one document', () => {
    const r = run('scan', sample, '--json', '--max-file-mb', '0.0001'); // 104 bytes
    expect(r.code).toBe(0);
    const doc = ScanResultSchema.parse(JSON.parse(r.stdout));
    expect(doc.skipped).toEqual([{ file: 'big.txt', reason: 'too_large', bytes: 306 }]);
    expect(doc.markers.some((m) => m.file === 'big.txt')).toBe(false);
    expect(r.stderr).toBe('sessionpilot: skipped big.txt (too large, 306 bytes)\n');
  });

  it('scan --no-git leaves the git state out', () => {
    const r = run('scan', sample, '--json', '--no-git', '--tests', 'off');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ git: { isRepo: true } });
    expect(JSON.parse(r.stdout).git).not.toHaveProperty('branch');
  });

  it('scan without --json prints a readable summary', () => {
    const r = run('scan', sample);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('src/a.ts:2  TODO  // TODO: first marker');
    expect(r.stdout).toMatch(/git: main/);
  });

  it('scan of a missing path exits 1 with one line on stderr and no stack', () => {
    const r = run('scan', '/does/not/exist');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expectOneLineError(r.stderr);
    expect(r.stderr).toContain('/does/not/exist does not exist.');
  });

  it('scan of a file exits 1 with one line', () => {
    const r = run('scan', join(sample, 'notes.md'), '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expectOneLineError(r.stderr);
  });

  it('an unknown option exits 1 with one line', () => {
    const r = run('scan', sample, '--bogus');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expectOneLineError(r.stderr);
    expect(r.stderr).toContain('--bogus');
  });

  it('bad option values and a missing path exit 1 with one line', () => {
    for (const args of [['scan'], ['scan', sample, sample], ['scan', sample, '--tests', 'maybe'], ['scan', sample, '--max-file-mb', '-1']]) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expectOneLineError(r.stderr);
    }
  });

  it('reads a folder on worker threads with the same result as on the main thread', () => {
    const folder = join(base, 'threads');
    for (let i = 0; i < 300; i++) {
      mkdirSync(join(folder, `d${i % 7}`), { recursive: true });
      writeFileSync(join(folder, `d${i % 7}`, `f${i}.ts`), i % 3 === 0 ? `x\n// TODO item ${i}\n` : `plain ${i}\n`);
    }
    writeFileSync(join(folder, 'bin.dat'), Buffer.from([0, 1, 2, 84, 79, 68, 79]));
    const scan = (threads: string) => {
      const r = spawnSync(process.execPath, [bin, 'scan', folder, '--json', '--no-cache'], {
        encoding: 'utf8',
        env: { ...process.env, SESSIONPILOT_SCAN_THREADS: threads },
      });
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout) as { markers: unknown[]; filesScanned: number };
    };
    const single = scan('0');
    const threaded = scan('2');
    expect(single.markers).toHaveLength(100);
    expect(threaded.markers).toEqual(single.markers);
    expect(threaded.filesScanned).toBe(single.filesScanned);
  });

  it('scan --tag adds per-workspace marker words, and refuses a malformed one', () => {
    const folder = join(base, 'tags');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'a.ts'), '// NOTE: keep\n// NOTES plural\n// OPTIMIZE-ME later\n// TODO x\n');
    const r = spawnSync(process.execPath, [bin, 'scan', folder, '--json', '--no-cache', '--tag', 'NOTE', '--tag', 'OPTIMIZE-ME'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { markers: Array<{ line: number; tag: string }> };
    expect(doc.markers.map((m) => `${m.line}:${m.tag}`)).toEqual(['1:NOTE', '3:OPTIMIZE-ME', '4:TODO']);
    const bad = spawnSync(process.execPath, [bin, 'scan', folder, '--tag', '--output=/tmp/x'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('plan prints one JSON plan within the budget, and refuses a bad budget or focus in one line', () => {
    const r = run('plan', sample, '--goal', 'first marker', '--minutes', '30', '--json');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { planner: string; totalMinutes: number; tasks: Array<{ title: string; category: string; estimateMinutes: number; sources: string[] }> };
    expect(plan.planner).toBe('offline');
    expect(plan.totalMinutes).toBeLessThanOrEqual(30);
    expect(plan.tasks.reduce((s, t) => s + t.estimateMinutes, 0)).toBe(plan.totalMinutes);
    expect(plan.tasks[0]).toMatchObject({ title: 'first marker', sources: expect.arrayContaining(['goal']) });
    for (const t of plan.tasks) expect(['bug', 'feature', 'refactor', 'other']).toContain(t.category);
    for (const args of [['--minutes', '14'], ['--minutes', '481'], ['--minutes', 'abc'], ['--minutes', '30', '--focus', 'bugs=2'], ['--minutes', '30', '--focus', 'speed=1']]) {
      const bad = run('plan', sample, ...args);
      expect(bad.code).toBe(1);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('tests set stores an argument array for an allowed folder only', () => {
    const home = join(base, 'tests-home');
    const env = { ...process.env, SESSIONPILOT_HOME: home };
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
    const refused = cli('tests', 'set', sample, '--', 'npm', 'test');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('roots add');
    expect(cli('roots', 'add', sample).status).toBe(0);
    expect(cli('tests', 'set', sample, '--timeout', '30', '--', 'npm', 'test', '--', '-t', 'x; rm -rf /').status).toBe(0);
    const listed = JSON.parse(cli('tests', 'list', '--json').stdout) as { testCommands: Record<string, { argv: string[]; timeoutSeconds: number }> };
    expect(Object.values(listed.testCommands)).toEqual([{ argv: ['npm', 'test', '--', '-t', 'x; rm -rf /'], timeoutSeconds: 30 }]);
    expect(cli('tests', 'remove', sample).status).toBe(0);
  });

  it('an unknown command exits 1 with one line', () => {
    for (const name of ['frobnicate', 'toString', '__proto__']) {
      const r = run(name);
      expect(r.code, name).toBe(1);
      expect(r.stdout).toBe('');
      expectOneLineError(r.stderr);
      expect(r.stderr).toContain('unknown command');
    }
  });
});
