import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { CompanionConnection } from '../../../extension/lib/companion/companion-connection';
import { pairWithCompanion } from '../../../extension/lib/companion/pair-with-companion';
import type { ConversationItem } from '../../../shared/protocol/agent-methods';
import { cleanup, EXT_ORIGIN, nodeOpener, startHarness, type Harness } from '../server/test-fixtures';
import { FIXTURE_SECRETS, HOSTILE_MARKDOWN, writeAgentFixtures } from './agent-fixtures';

let h: Harness | undefined;
const saved = { claude: process.env.CLAUDE_CONFIG_DIR, codex: process.env.CODEX_HOME };
afterEach(async () => {
  await h?.stop();
  if (h) cleanup(h.home);
  h = undefined;
  for (const [k, v] of [
    ['CLAUDE_CONFIG_DIR', saved.claude],
    ['CODEX_HOME', saved.codex],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function connected(harness: Harness): Promise<CompanionConnection> {
  harness.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
  const paired = await pairWithCompanion({ url: harness.url, origin: EXT_ORIGIN, code: 'k7qx-m2pd', open: nodeOpener(), probe: async () => true });
  if (!paired.ok) throw new Error('pairing failed');
  const conn = new CompanionConnection({ url: harness.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't' });
  await conn.connect();
  return conn;
}

describe('agent sessions over a real socket', () => {
  it('lists, pages and outlines the sessions inside the roots; a session outside them is neither listed nor readable', async () => {
    h = await startHarness();
    const root = join(h.home, 'work');
    const cwd = join(root, 'shop');
    const outside = join(h.home, 'elsewhere');
    mkdirSync(cwd, { recursive: true });
    mkdirSync(outside);
    process.env.CLAUDE_CONFIG_DIR = join(h.home, 'claude');
    process.env.CODEX_HOME = join(h.home, 'codex');
    const fx = writeAgentFixtures({ claudeConfigDir: process.env.CLAUDE_CONFIG_DIR, codexHome: process.env.CODEX_HOME, cwd: realpathSync(cwd), outsideCwd: realpathSync(outside) });
    h.state.writeConfig({ roots: [root] });
    const conn = await connected(h);

    // List: the client checks every reply against the shared schema.
    const list = await conn.request('agents.sessions', {});
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.total).toBe(2);
    expect(list.value.sessions.map((s) => s.sessionId).sort()).toEqual([fx.claude.sessionId, fx.codex.sessionId].sort());
    const claude = list.value.sessions.find((s) => s.agent === 'claude')!;
    expect(claude).toMatchObject({ cwd: realpathSync(cwd), userMessages: 3, unpricedModels: [fx.unpricedModel] });
    expect(await conn.request('agents.sessions', { query: 'report', agent: 'codex' })).toMatchObject({ ok: true, value: { total: 1 } });

    // Page through the Claude session to its end.
    const items: ConversationItem[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await conn.request('agents.session.page', { agent: 'claude', sessionId: fx.claude.sessionId, limit: 7, ...(cursor ? { cursor } : {}) });
      if (!page.ok) throw new Error(page.error.message);
      items.push(...page.value.items);
      cursor = page.value.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(3);
    expect(items.some((i) => i.kind === 'assistant' && i.text === HOSTILE_MARKDOWN)).toBe(true);
    const wire = JSON.stringify(items);
    for (const secret of Object.values(FIXTURE_SECRETS)) expect(wire).not.toContain(secret);

    // Outline: each question's cursor opens a page that starts at it.
    const outline = await conn.request('agents.session.outline', { agent: 'codex', sessionId: fx.codex.sessionId });
    if (!outline.ok) throw new Error(outline.error.message);
    expect(outline.value.questions.map((q) => q.text)).toEqual(fx.codex.questions);
    const second = await conn.request('agents.session.page', { agent: 'codex', sessionId: fx.codex.sessionId, cursor: outline.value.questions[1]!.cursor, limit: 3 });
    expect(second.ok && second.value.items[0]).toMatchObject({ kind: 'user', text: fx.codex.questions[1] });

    // Outside the roots: the same answer as a session that does not exist.
    for (const [agent, sessionId] of [
      ['claude', fx.outside.claudeSessionId],
      ['codex', fx.outside.codexSessionId],
      ['claude', 'no-such-session'],
    ] as const) {
      expect(await conn.request('agents.session.page', { agent, sessionId })).toMatchObject({ ok: false, error: { code: 'session_not_found' } });
      expect(await conn.request('agents.session.outline', { agent, sessionId })).toMatchObject({ ok: false, error: { code: 'session_not_found' } });
    }
    expect(await conn.request('agents.sessions', { path: outside })).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });

    // Bad input: one clear sentence with a code.
    const forged = await conn.request('agents.session.page', { agent: 'claude', sessionId: fx.claude.sessionId, cursor: 'bm90LWEtY3Vyc29y' });
    expect(forged).toMatchObject({ ok: false, error: { code: 'bad_cursor' } });
    for (const bad of [
      { agent: 'claude', sessionId: fx.claude.sessionId, limit: 0 },
      { agent: 'claude', sessionId: fx.claude.sessionId, path: '/etc/passwd' },
      { agent: 'gemini', sessionId: 'x' },
    ]) {
      expect(await conn.request('agents.session.page', bad as never)).toMatchObject({ ok: false, error: { code: 'bad_params' } });
    }
    conn.close();
  });
});
