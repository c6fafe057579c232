import { createHmac, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { pairWithCompanion } from '../../../extension/lib/companion/pair-with-companion';
import type { ScanResult } from '../../../shared/domain/scan';
import { authMessage } from '../../../shared/protocol/pairing';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';
import { CompanionState } from '../home/companion-state';
import { LiveScan } from '../watch/live-scan';
import { handlers, type RequestContext } from './method-handlers';
import { confineToRoots } from './root-guard';
import { cleanup, EXT_ORIGIN, nodeOpener, startHarness, type Harness } from './test-fixtures';

/*
 * Paths the extension sends are confined to the locally allowed roots after realpath (both sides).
 *
 * What is and is not covered at the directory level (TOCTOU):
 * - confineToRoots resolves the path once. The scan handler hands the confined real path to
 *   scanRepo, which must find that the folder still resolves to the same real path before it lists
 *   or reads anything (the swap test below); a folder swapped for a link between the check and the
 *   scan is refused.
 * - Files: FileReader opens every file with O_NOFOLLOW, so a file swapped for a symlink after the
 *   listing is reported, never followed (covered in hostile-tree.test.ts and below).
 * - NOT covered: a *directory* component (the root itself or any subfolder) swapped for a symlink
 *   while a scan is already running. git (run with `cwd: root`), readdir and open() resolve the
 *   intermediate components by path, and O_NOFOLLOW only guards the last one. Closing that needs
 *   fd-relative traversal (openat + O_NOFOLLOW per component, or openat2 RESOLVE_BENEATH), which
 *   Node's fs does not offer. Exploiting it needs a local process that can write inside an allowed
 *   root at the right moment, which is outside the "compromised extension page" threat model.
 */

let base: string;
let root: string;
let outside: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sp-paths-')));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  mkdirSync(join(base, 'rootX'));
  writeFileSync(join(root, 'sub', 'in.ts'), '// TODO: inside\n');
  writeFileSync(join(outside, 'secret.ts'), '// TODO: OUTSIDE-SECRET\n');
  writeFileSync(join(base, 'rootX', 'x.ts'), '// TODO: sibling\n');
  symlinkSync(outside, join(root, 'link-out'));
  symlinkSync(join(outside, 'secret.ts'), join(root, 'file-link.ts'));
  symlinkSync(root, join(base, 'root-alias'));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

describe('B: confineToRoots', () => {
  it('refuses `..` escapes even when the target exists', () => {
    expect(confineToRoots(`${root}/../outside`, [root])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    expect(confineToRoots(`${root}/sub/../../outside/secret.ts`, [root])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    expect(confineToRoots(`${root}/..`, [root])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    // `..` that stays inside is fine, and the answer is the real path.
    expect(confineToRoots(`${root}/sub/../sub`, [root])).toEqual({ ok: true, value: join(root, 'sub') });
  });

  it('refuses a NUL byte', () => {
    expect(confineToRoots(`${root}\0/../outside`, [root])).toMatchObject({ ok: false, error: { code: 'bad_params' } });
    expect(confineToRoots(`${root}/sub\0`, [root])).toMatchObject({ ok: false, error: { code: 'bad_params' } });
  });

  it('refuses a sibling that shares the root as a prefix', () => {
    expect(confineToRoots(join(base, 'rootX'), [root])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    expect(confineToRoots(join(base, 'rootX', 'x.ts'), [root])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    // A root given with a trailing slash is no looser.
    expect(confineToRoots(join(base, 'rootX'), [`${root}/`])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
  });

  it('refuses a symlink inside a root that points outside', () => {
    expect(confineToRoots(join(root, 'link-out'), [root])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    expect(confineToRoots(join(root, 'link-out', 'secret.ts'), [root])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    expect(confineToRoots(join(root, 'file-link.ts'), [root])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
  });

  it('refuses a relative path (it would resolve against the companion’s cwd)', () => {
    const rel = relative(process.cwd(), root);
    expect(confineToRoots(rel, [root])).toMatchObject({ ok: false, error: { code: 'bad_params' } });
    expect(confineToRoots('.', [process.cwd()])).toMatchObject({ ok: false, error: { code: 'bad_params' } });
    expect(confineToRoots('sub', [root])).toMatchObject({ ok: false, error: { code: 'bad_params' } });
  });

  it('works through a root that is itself a symlink, and still refuses what is outside it', () => {
    const alias = join(base, 'root-alias');
    expect(confineToRoots(join(alias, 'sub'), [alias])).toEqual({ ok: true, value: join(root, 'sub') });
    expect(confineToRoots(join(root, 'sub'), [alias])).toEqual({ ok: true, value: join(root, 'sub') });
    expect(confineToRoots(alias, [alias])).toEqual({ ok: true, value: root });
    expect(confineToRoots(join(alias, 'link-out'), [alias])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    expect(confineToRoots(join(alias, '..', 'outside'), [alias])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
  });

  it('says a missing path does not exist rather than guessing, and allows nothing with no roots', () => {
    expect(confineToRoots(join(root, 'missing'), [root])).toMatchObject({ ok: false, error: { code: 'path_not_found' } });
    expect(confineToRoots(root, [])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    expect(confineToRoots(root, [join(base, 'gone-root')])).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
  });
});

describe('B: scan and blame handlers over a real socket', () => {
  let h: Harness;
  let ws: WebSocket;
  const frames: Array<{ type: string; id?: string; ok?: boolean; result?: unknown; error?: { code: string } }> = [];
  let repo: string;

  beforeAll(async () => {
    h = await startHarness();
    repo = join(root, 'repo');
    mkdirSync(repo);
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_'))), GIT_CONFIG_NOSYSTEM: '1' };
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, env, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'a.ts'), '// TODO: in repo\n');
    symlinkSync(join(outside, 'secret.ts'), join(repo, 'out.ts'));
    git('add', 'a.ts');
    git('commit', '-q', '-m', 'one');
    h.state.writeConfig({ roots: [join(base, 'root-alias')] }); // the allowed root is itself a symlink
    h.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
    const paired = await pairWithCompanion({ url: h.url, origin: EXT_ORIGIN, code: 'k7qx-m2pd', open: nodeOpener(), probe: async () => true });
    if (!paired.ok) throw new Error('pairing failed');
    const ts = Date.now();
    const nonce = randomBytes(16).toString('hex');
    const proof = createHmac('sha256', paired.value.secret).update(authMessage(EXT_ORIGIN, ts, nonce)).digest('hex');
    ws = new WebSocket(h.url, ['sessionpilot', `sp-auth.${ts}.${nonce}.${proof}`], { origin: EXT_ORIGIN });
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, app: 't', version: '1' }));
  });

  afterAll(async () => {
    ws?.close();
    await h?.stop();
    if (h) cleanup(h.home);
  });

  let n = 0;
  async function call(method: string, params: unknown) {
    const id = `r${++n}`;
    ws.send(JSON.stringify({ type: 'request', id, method, params }));
    for (let i = 0; i < 1500; i++) {
      const found = frames.find((f) => f.type === 'reply' && f.id === id);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no reply to ${method}`);
  }

  it('refuses escapes, NUL, siblings, links out and relative paths for scan', async () => {
    const cases: Array<[string, string]> = [
      [`${root}/../outside`, 'path_not_allowed'],
      [`${join(base, 'root-alias')}/../outside`, 'path_not_allowed'],
      [join(base, 'rootX'), 'path_not_allowed'],
      [join(root, 'link-out'), 'path_not_allowed'],
      [`${root}\0`, 'bad_params'],
      ['root/sub', 'bad_params'],
      ['../outside', 'bad_params'],
    ];
    for (const [path, code] of cases) {
      const r = await call('scan', { path });
      expect({ path, code: r.error?.code }).toEqual({ path, code });
    }
  });

  it('scans inside a root that is itself a symlink, without following a link out', async () => {
    const r = await call('scan', { path: join(base, 'root-alias', 'repo') });
    expect(r.ok).toBe(true);
    const scan = r.result as ScanResult;
    expect(scan.root).toBe(repo);
    expect(scan.markers.map((m) => m.file)).toEqual(['a.ts']);
    expect(JSON.stringify(scan)).not.toContain('OUTSIDE-SECRET');
    expect(scan.skipped).toContainEqual({ file: 'out.ts', reason: 'not_a_file' });
  });

  it('refuses blame of files outside the workspace (.., absolute, option-like, link out)', async () => {
    const path = join(base, 'root-alias', 'repo');
    const ok = await call('blame', { path, file: 'a.ts', line: 1 });
    expect(ok).toMatchObject({ ok: true, result: { author: 't' } });
    for (const file of ['../../outside/secret.ts', join(outside, 'secret.ts'), '--output=/tmp/x', '-L1,1', 'out.ts', 'a.ts\0']) {
      const r = await call('blame', { path, file, line: 1 });
      expect({ file, code: r.error?.code }).toEqual({ file, code: 'bad_params' });
    }
    const escaped = await call('blame', { path: `${path}/../../outside`, file: 'secret.ts', line: 1 });
    expect(escaped.error?.code).toBe('path_not_allowed');
  });
});

describe('B: a folder swapped for a symlink after the check (TOCTOU)', () => {
  it('refuses to scan a confined folder that now resolves outside the roots', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sp-toctou-home-'));
    const victim = join(root, 'victim');
    mkdirSync(victim);
    writeFileSync(join(victim, 'ok.ts'), '// TODO: fine\n');
    const state = new CompanionState(home);
    state.writeConfig({ roots: [root] });
    // The swap lands in the one window a test can reach deterministically: after confineToRoots has
    // answered and before scanRepo opens anything (the handler asks `live.get` in between).
    let swapped = false;
    const ctx: RequestContext = {
      state,
      signal: new AbortController().signal,
      progress: () => {},
      busyRoots: new Set(),
      onUnpair: () => {},
      live: {
        get: () => {
          renameSync(victim, `${victim}-old`);
          symlinkSync(outside, victim);
          swapped = true;
          return undefined;
        },
        start: async () => ({ ok: false, error: { code: 'x', message: 'x' } }),
        stop: () => {},
      },
    };
    try {
      const r = await handlers.scan({ path: victim }, ctx);
      expect(swapped).toBe(true);
      expect(JSON.stringify(r)).not.toContain('OUTSIDE-SECRET');
      expect(r).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
      expect(ctx.busyRoots.size).toBe(0);
    } finally {
      rmSync(victim, { force: true });
      renameSync(`${victim}-old`, victim);
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('refuses to start watching a confined folder that now resolves outside the roots', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sp-toctou-home-'));
    const victim = join(root, 'victim-watch');
    mkdirSync(victim);
    const state = new CompanionState(home);
    state.writeConfig({ roots: [root] });
    const started: LiveScan[] = [];
    const ctx: RequestContext = {
      state,
      signal: new AbortController().signal,
      progress: () => {},
      busyRoots: new Set(),
      onUnpair: () => {},
      live: {
        // As in the server: `get` is asked after the check, then the real LiveScan starts.
        get: () => {
          renameSync(victim, `${victim}-old`);
          symlinkSync(outside, victim);
          return undefined;
        },
        start: async (r, tags) => {
          const s = await LiveScan.start(r, home, tags ?? [], () => {});
          if (s.ok) started.push(s.value);
          return s;
        },
        stop: () => {},
      },
    };
    try {
      const r = await handlers.watch({ path: victim, on: true }, ctx);
      expect(r).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
      expect(started.map((l) => l.current.root)).toEqual([]);
    } finally {
      for (const l of started) l.close();
      rmSync(victim, { force: true });
      renameSync(`${victim}-old`, victim);
      rmSync(home, { recursive: true, force: true });
    }
  });
});
