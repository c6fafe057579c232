import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CompanionConnection } from '../../../extension/lib/companion/companion-connection';
import { pairWithCompanion } from '../../../extension/lib/companion/pair-with-companion';
import { SignalsChangedEventSchema, type SignalsChangedEvent } from '../../../shared/protocol/methods';
import { EXT_ORIGIN, nodeOpener, startHarness, type Harness } from '../server/test-fixtures';

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.stop();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, stdio: 'ignore' });

async function connected() {
  h = await startHarness();
  dirs.push(h.home);
  const repo = mkdtempSync(join(tmpdir(), 'sp-live-'));
  dirs.push(repo);
  mkdirSync(join(repo, 'src'));
  writeFileSync(join(repo, 'src/a.ts'), '// TODO first\n');
  writeFileSync(join(repo, '.gitignore'), 'build/\n');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'one');
  h.state.writeConfig({ roots: [repo] });
  h.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
  const paired = await pairWithCompanion({ url: h.url, origin: EXT_ORIGIN, code: 'K7QX-M2PD', open: nodeOpener(), probe: async () => true });
  if (!paired.ok) throw new Error('pairing failed');
  const events: SignalsChangedEvent[] = [];
  const conn = new CompanionConnection({
    url: h.url,
    origin: EXT_ORIGIN,
    secret: paired.value.secret,
    open: nodeOpener(),
    appVersion: 't',
    onEvent: (name, data) => {
      const parsed = SignalsChangedEventSchema.safeParse(data);
      if (name === 'signals.changed' && parsed.success) events.push(parsed.data);
    },
  });
  await conn.connect();
  return { repo, conn, events };
}

async function until<T>(get: () => T | undefined, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('nothing arrived in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('live updates while a workspace is watched', () => {
  it('pushes a new TODO, a new untracked file and a commit, ignores ignored files, and answers scans from memory', async () => {
    const { repo, conn, events } = await connected();
    expect(await conn.request('watch', { path: repo, on: true })).toMatchObject({ ok: true, value: { watching: true } });

    writeFileSync(join(repo, 'src/a.ts'), '// TODO first\n// FIXME second\n');
    const edited = await until(() => events.find((e) => e.scan.markers.some((m) => m.tag === 'FIXME')));
    expect(edited.scan.markers.map((m) => `${m.file}:${m.line}:${m.tag}`)).toEqual(['src/a.ts:1:TODO', 'src/a.ts:2:FIXME']);
    expect(edited.change).toMatchObject({ files: 1, markersBefore: 1, markersAfter: 2 });

    mkdirSync(join(repo, 'build'));
    writeFileSync(join(repo, 'build/out.js'), '// TODO generated, ignored\n');
    writeFileSync(join(repo, 'src/b.ts'), '// HACK new file\n');
    const added = await until(() => events.find((e) => e.scan.markers.some((m) => m.file === 'src/b.ts')));
    expect(added.scan.markers.some((m) => m.file.startsWith('build/'))).toBe(false);

    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'two');
    const committed = await until(() => events.find((e) => e.scan.git.recentCommits?.[0]?.subject === 'two'));
    expect(committed.scan.git.counts?.untracked).toBe(0);

    const t0 = performance.now();
    const fromMemory = await conn.request('scan', { path: repo });
    expect(performance.now() - t0).toBeLessThan(50);
    expect(fromMemory.ok && fromMemory.value.markers).toHaveLength(3);

    expect(await conn.request('watch', { path: repo, on: false })).toMatchObject({ ok: true, value: { watching: false } });
    conn.close();
  });

  it('refuses to watch a folder outside the allowed roots', async () => {
    const { conn } = await connected();
    expect(await conn.request('watch', { path: tmpdir(), on: true })).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    conn.close();
  });
});
