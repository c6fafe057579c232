import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompanionConnection } from '../../../extension/lib/companion/companion-connection';
import { pairWithCompanion } from '../../../extension/lib/companion/pair-with-companion';
import { assistantLine } from '../usage/log-fixtures';
import { cleanup, EXT_ORIGIN, nodeOpener, startHarness, type Harness } from './test-fixtures';

let h: Harness | undefined;
const saved = { claude: process.env.CLAUDE_CONFIG_DIR, codex: process.env.CODEX_HOME };
afterEach(async () => {
  await h?.stop();
  if (h) cleanup(h.home);
  h = undefined;
  process.env.CLAUDE_CONFIG_DIR = saved.claude;
  process.env.CODEX_HOME = saved.codex;
  if (saved.claude === undefined) delete process.env.CLAUDE_CONFIG_DIR;
  if (saved.codex === undefined) delete process.env.CODEX_HOME;
});

describe('usage.session over a real socket', () => {
  it('attributes the agent turns in the workspace to the session and its tasks, and refuses a folder outside the roots', async () => {
    h = await startHarness();
    const root = join(h.home, 'shop');
    mkdirSync(root);
    const real = realpathSync(root);
    const logs = join(h.home, 'claude');
    mkdirSync(join(logs, 'projects', 'shop'), { recursive: true });
    const edit = [{ type: 'tool_use', id: 'tu1', name: 'Edit', input: { file_path: join(real, 'src/cart.ts'), old_string: 'a', new_string: 'b' } }];
    writeFileSync(
      join(logs, 'projects', 'shop', 'one.jsonl'),
      [
        assistantLine({ ts: '2026-11-22T09:05:00.000Z', msgId: 'm1', reqId: 'r1', cwd: real, input: 100, output: 20, model: 'claude-sonnet-4-5-20250929', content: edit }),
        assistantLine({ ts: '2026-11-22T09:05:00.000Z', msgId: 'm1', reqId: 'r1', cwd: real, input: 100, output: 20, model: 'claude-sonnet-4-5-20250929', content: edit }),
        assistantLine({ ts: '2026-11-22T09:40:00.000Z', msgId: 'm2', reqId: 'r2', cwd: join(real, 'sub'), input: 10, output: 5, model: 'claude-sonnet-4-5-20250929' }),
        assistantLine({ ts: '2026-11-22T11:00:00.000Z', msgId: 'm3', reqId: 'r3', cwd: real }),
        assistantLine({ ts: '2026-11-22T09:10:00.000Z', msgId: 'm4', reqId: 'r4', cwd: '/elsewhere' }),
      ].join('\n') + '\n',
    );
    process.env.CLAUDE_CONFIG_DIR = logs;
    process.env.CODEX_HOME = join(h.home, 'no-codex');
    h.state.writeConfig({ roots: [root] });
    h.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
    const paired = await pairWithCompanion({ url: h.url, origin: EXT_ORIGIN, code: 'k7qx-m2pd', open: nodeOpener(), probe: async () => true });
    if (!paired.ok) throw new Error('pairing failed');
    const conn = new CompanionConnection({ url: h.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't' });
    await conn.connect();

    const from = Date.UTC(2026, 10, 22, 9, 0);
    const to = Date.UTC(2026, 10, 22, 10, 0);
    const tasks = [{ taskId: 'cart', intervals: [[from, from + 30 * 60_000]] as [number, number][] }];
    const r = await conn.request('usage.session', { path: root, from, to, tasks });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.total).toMatchObject({ turns: 2, inputTokens: 110, outputTokens: 25 });
    expect(r.value.total.cost).toBeGreaterThan(0);
    expect(r.value.byTask.cart).toMatchObject({ turns: 1, inputTokens: 100 });
    expect(r.value.files).toEqual([{ file: 'src/cart.ts', edits: 1 }]);
    expect(JSON.stringify(r.value)).not.toContain('old_string');

    const outside = await conn.request('usage.session', { path: h.home, from, to, tasks: [] });
    expect(outside).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    conn.close();
  });

  it('pushes usage.changed while a session’s workspace is watched and an agent writes its log, and stops when the watch ends', async () => {
    h = await startHarness();
    const root = join(h.home, 'shop');
    mkdirSync(root);
    const projects = join(h.home, 'claude', 'projects', 'shop');
    mkdirSync(projects, { recursive: true });
    process.env.CLAUDE_CONFIG_DIR = join(h.home, 'claude');
    process.env.CODEX_HOME = join(h.home, 'no-codex');
    h.state.writeConfig({ roots: [root] });
    h.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
    const paired = await pairWithCompanion({ url: h.url, origin: EXT_ORIGIN, code: 'k7qx-m2pd', open: nodeOpener(), probe: async () => true });
    if (!paired.ok) throw new Error('pairing failed');
    const events: string[] = [];
    const conn = new CompanionConnection({ url: h.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't', onEvent: (name) => events.push(name) });
    await conn.connect();
    expect((await conn.request('watch', { path: root, on: true })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    writeFileSync(join(projects, 'live.jsonl'), `${assistantLine({ ts: new Date().toISOString(), cwd: realpathSync(root) })}\n`);
    await expect.poll(() => events.filter((e) => e === 'usage.changed').length, { timeout: 6_000 }).toBe(1);
    expect((await conn.request('watch', { path: root, on: false })).ok).toBe(true);
    writeFileSync(join(projects, 'later.jsonl'), `${assistantLine({ ts: new Date().toISOString(), cwd: realpathSync(root) })}\n`);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(events.filter((e) => e === 'usage.changed')).toHaveLength(1);
    conn.close();
  });
});
