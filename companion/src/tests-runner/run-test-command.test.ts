import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CompanionConnection } from '../../../extension/lib/companion/companion-connection';
import { pairWithCompanion } from '../../../extension/lib/companion/pair-with-companion';
import { EXT_ORIGIN, nodeOpener, startHarness, type Harness } from '../server/test-fixtures';

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.stop();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const JUNIT = `<?xml version="1.0"?><testsuites><testsuite name="s"><testcase classname="cart" name="sums" file="cart.test.ts"><failure message="expected 1"/></testcase></testsuite></testsuites>`;
const writeReport = `require('fs').mkdirSync('test-results',{recursive:true});require('fs').writeFileSync('test-results/junit.xml',${JSON.stringify(JUNIT)})`;

async function setup(command?: { argv: string[]; timeoutSeconds?: number }) {
  h = await startHarness();
  dirs.push(h.home);
  const repo = realpathSync(mkdtempSync(join(tmpdir(), 'sp-tests-')));
  dirs.push(repo);
  mkdirSync(join(repo, 'src'));
  execFileSync('git', ['init', '-q'], { cwd: repo });
  h.state.writeConfig({ roots: [repo], testCommands: command ? { [repo]: { argv: command.argv, timeoutSeconds: command.timeoutSeconds ?? 60 } } : {} });
  h.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
  const paired = await pairWithCompanion({ url: h.url, origin: EXT_ORIGIN, code: 'K7QX-M2PD', open: nodeOpener(), probe: async () => true });
  if (!paired.ok) throw new Error('pairing failed');
  const conn = new CompanionConnection({ url: h.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't' });
  await conn.connect();
  return { repo, conn };
}

describe('running a workspace’s tests (opt-in, set only locally)', () => {
  it('refuses when no command was set locally, and says how to set one', async () => {
    const { repo, conn } = await setup();
    const r = await conn.request('tests.run', { path: repo });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_configured', message: expect.stringContaining('sessionpilot tests set') } });
    conn.close();
  });

  it('runs the configured argument array, streams progress, and turns the report into failing tests', async () => {
    const secret = `ghp_${'a'.repeat(36)}`;
    const { repo, conn } = await setup({ argv: [process.execPath, '-e', `${writeReport};console.log('token ${secret}');console.log('done');process.exit(1)`] });
    const progress: string[] = [];
    const r = await conn.request('tests.run', { path: repo }, { onProgress: (_d, _t, m) => m && progress.push(m) });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.exitCode).toBe(1);
    expect(r.value.timedOut).toBe(false);
    expect(r.value.tests.failures).toMatchObject([{ name: 'cart.sums', message: 'expected 1', report: 'test-results/junit.xml' }]);
    expect(r.value.outputTail).toContain('[REDACTED]');
    expect(r.value.outputTail).not.toContain(secret);
    expect(progress.length).toBeGreaterThan(0);
    conn.close();
  });

  it('never goes through a shell', async () => {
    const canary = join(tmpdir(), `sp-no-shell-${Date.now()}`);
    const { repo, conn } = await setup({ argv: [process.execPath, '-e', 'console.log(process.argv.length)', `x; touch ${canary}`, `$(touch ${canary})`] });
    const r = await conn.request('tests.run', { path: repo });
    expect(r.ok).toBe(true);
    expect(existsSync(canary)).toBe(false);
    conn.close();
  });

  it('stops the command (and its children) on cancel and on timeout', async () => {
    const { repo, conn } = await setup({ argv: [process.execPath, '-e', 'setInterval(() => console.log("still"), 100)'], timeoutSeconds: 1 });
    const timed = await conn.request('tests.run', { path: repo }, { timeoutMs: 10_000 });
    expect(timed.ok && timed.value.timedOut).toBe(true);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const t0 = Date.now();
    const cancelled = await conn.request('tests.run', { path: repo }, { signal: controller.signal, timeoutMs: 10_000 });
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(Date.now() - t0).toBeLessThan(2_000);
    conn.close();
  });
});
