import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentSessionSummarySchema } from '../../../shared/protocol/agent-methods';
import { FIXTURE_SECRETS } from './agent-fixtures';
import { SessionCatalog } from './session-catalog';
import { listSessions, type SessionQuery } from './session-list';
import { fixtureHome, type FixtureHome } from './test-logs';

let f: FixtureHome | undefined;
afterEach(() => {
  f?.dispose();
  f = undefined;
});

const all: SessionQuery = { offset: 0, limit: 100 };

async function list(fh: FixtureHome, q: Partial<SessionQuery> = {}, roots = [fh.root], catalog = new SessionCatalog(fh.home, fh.env)) {
  const r = await listSessions(catalog, { ...all, ...q }, roots);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('agents.sessions listing', () => {
  it('lists the sessions inside the roots with times, title, models, turns, tokens, cost and files; never the ones outside', async () => {
    f = fixtureHome();
    const r = await list(f);
    expect(r.total).toBe(2);
    for (const s of r.sessions) AgentSessionSummarySchema.parse(s);
    const ids = r.sessions.map((s) => s.sessionId);
    expect(ids).not.toContain(f.fx.outside.claudeSessionId);
    expect(ids).not.toContain(f.fx.outside.codexSessionId);
    // Newest activity first: the Codex session was written after the Claude one.
    expect(r.sessions.map((s) => s.agent)).toEqual(['codex', 'claude']);

    const claude = r.sessions.find((s) => s.agent === 'claude')!;
    expect(claude).toMatchObject({ sessionId: f.fx.claude.sessionId, cwd: f.cwd, userMessages: 3, files: f.fx.editedFiles });
    expect(claude.title).toBe('Fix the failing cart test; my key is [REDACTED], do not print it');
    // 9 responses in the session's own transcript + 2 in its subagent's, each counted once however many lines it took.
    expect(claude.turns).toBe(11);
    expect(claude.models).toEqual(['claude-sonnet-4-5-20250929', f.fx.unpricedModel]);
    expect(claude.unpricedModels).toEqual([f.fx.unpricedModel]);
    expect(claude.cost).toBeGreaterThan(0);
    expect(claude.totalTokens).toBe(claude.inputTokens + claude.outputTokens + claude.cacheCreationTokens + claude.cacheReadTokens);
    expect(claude.startedAt).toBeLessThan(claude.endedAt);
    expect(claude.lines).toBe(44);

    const codex = r.sessions.find((s) => s.agent === 'codex')!;
    expect(codex).toMatchObject({ title: 'Add a --json flag to the report command', userMessages: 2, turns: 2, models: ['gpt-5-codex', 'gpt-5'], unpricedModels: [], files: ['src/report.ts'] });
    expect(codex.cost).toBeGreaterThan(0);
    expect(JSON.stringify(r)).not.toContain(FIXTURE_SECRETS.anthropic);
  });

  it('filters by words, agent, folder and time, and pages with a total', async () => {
    f = fixtureHome();
    const catalog = new SessionCatalog(f.home, f.env);
    expect((await list(f, { query: 'CART  test' }, [f.root], catalog)).sessions.map((s) => s.agent)).toEqual(['claude']);
    expect((await list(f, { query: 'gpt-5' }, [f.root], catalog)).sessions.map((s) => s.agent)).toEqual(['codex']);
    expect((await list(f, { query: f.fx.codex.sessionId.slice(0, 13) }, [f.root], catalog)).total).toBe(1);
    expect((await list(f, { query: 'shop' }, [f.root], catalog)).total).toBe(2);
    expect((await list(f, { query: 'nothing-like-this' }, [f.root], catalog)).total).toBe(0);
    expect((await list(f, { agent: 'claude' }, [f.root], catalog)).sessions.map((s) => s.agent)).toEqual(['claude']);
    expect((await list(f, { path: f.cwd }, [f.root], catalog)).total).toBe(2);
    const claude = (await list(f, { agent: 'claude' }, [f.root], catalog)).sessions[0]!;
    expect((await list(f, { from: claude.endedAt + 1 }, [f.root], catalog)).sessions.map((s) => s.agent)).toEqual(['codex']);
    expect((await list(f, { to: claude.startedAt - 1 }, [f.root], catalog)).total).toBe(0);
    const paged = await list(f, { offset: 1, limit: 1 }, [f.root], catalog);
    expect(paged).toMatchObject({ total: 2, sessions: [{ agent: 'claude' }] });

    const outside = await listSessions(catalog, { ...all, path: f.outsideCwd }, [f.root]);
    expect(outside).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    expect((await list(f, {}, [], catalog)).total).toBe(0);
  });

  it('does not list a session whose folder reaches outside the roots through a link', async () => {
    f = fixtureHome();
    const link = join(f.root, 'link-out');
    symlinkSync(f.outsideCwd, link);
    const projects = join(f.env.CLAUDE_CONFIG_DIR!, 'projects', 'linked');
    mkdirSync(projects, { recursive: true });
    const line = { type: 'user', sessionId: 'linked-1', cwd: join(link, 'gone', 'deeper'), message: { role: 'user', content: 'hello' }, timestamp: '2026-11-22T10:00:00.000Z' };
    writeFileSync(join(projects, 'linked-1.jsonl'), `${JSON.stringify(line)}\n`);
    const r = await list(f);
    expect(r.sessions.map((s) => s.sessionId)).not.toContain('linked-1');
    expect(r.total).toBe(2);
  });

  it('sees a grown log and a new session on the next call, reading only what changed', async () => {
    f = fixtureHome();
    const catalog = new SessionCatalog(f.home, f.env);
    const before = await list(f, {}, [f.root], catalog);
    const claudeBefore = before.sessions.find((s) => s.agent === 'claude')!;
    appendFileSync(f.fx.claude.subagentFile, `${JSON.stringify({ type: 'user', isSidechain: true, sessionId: f.fx.claude.sessionId, cwd: f.cwd, message: { role: 'user', content: 'more' }, timestamp: '2026-11-22T11:00:00.000Z' })}\n`);
    await new Promise((r) => setTimeout(r, 1_100));
    const after = await list(f, {}, [f.root], catalog);
    const claudeAfter = after.sessions.find((s) => s.agent === 'claude')!;
    expect(claudeAfter.lines).toBe(claudeBefore.lines + 1);
    expect(claudeAfter.endedAt).toBe(Date.parse('2026-11-22T11:00:00.000Z'));
    // A new process reads the kept index and totals instead of the logs.
    const fresh = await list(f, {}, [f.root], new SessionCatalog(f.home, f.env));
    expect(fresh.sessions).toEqual(after.sessions);
  });
});
