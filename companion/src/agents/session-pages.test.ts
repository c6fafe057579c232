import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { ConversationItemSchema, type AgentKind, type ConversationItem } from '../../../shared/protocol/agent-methods';
import { MAX_FRAME_BYTES } from '../../../shared/protocol/version';
import { writeLongClaudeSession } from './agent-fixtures';
import { SessionCatalog } from './session-catalog';
import { readSessionOutline, readSessionPage } from './session-pages';
import { fixtureHome, type FixtureHome } from './test-logs';

let f: FixtureHome | undefined;
afterEach(() => {
  f?.dispose();
  f = undefined;
});

async function sessionOf(fh: FixtureHome, agent: AgentKind, sessionId: string, catalog = new SessionCatalog(fh.home, fh.env)) {
  const s = await catalog.find(agent, sessionId);
  if (!s) throw new Error('no session');
  return s;
}

async function page(fh: FixtureHome, agent: AgentKind, sessionId: string, cursor: string | undefined, limit: number, catalog?: SessionCatalog) {
  return readSessionPage(await sessionOf(fh, agent, sessionId, catalog), { agent, sessionId }, cursor, limit);
}

/** All pages of a session at a page size: the items, and the skipped lines summed. */
async function allPages(fh: FixtureHome, agent: AgentKind, sessionId: string, limit: number) {
  const catalog = new SessionCatalog(fh.home, fh.env);
  const items: ConversationItem[] = [];
  let skipped = 0;
  let cursor: string | undefined;
  let pages = 0;
  do {
    const p = await page(fh, agent, sessionId, cursor, limit, catalog);
    if (!p.ok) throw new Error(p.error.message);
    expect(p.value.items.length).toBeLessThanOrEqual(limit);
    if (p.value.nextCursor) expect(p.value.nextCursor.length).toBeLessThanOrEqual(200);
    items.push(...p.value.items);
    skipped += p.value.skipped;
    cursor = p.value.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 1000);
  return { items, skipped, pages };
}

describe('agents.session.page', () => {
  it('gives the same conversation at every page size: no item repeated or lost at a page edge, even inside a streamed response', async () => {
    f = fixtureHome();
    for (const [agent, id] of [
      ['claude', f.fx.claude.sessionId],
      ['codex', f.fx.codex.sessionId],
    ] as const) {
      const whole = await allPages(f, agent, id, 500);
      expect(whole.pages).toBe(1);
      for (const i of whole.items) ConversationItemSchema.parse(i);
      for (const limit of [1, 2, 3, 5, 7, 11]) {
        const paged = await allPages(f, agent, id, limit);
        expect(paged.items).toEqual(whole.items);
        expect(paged.skipped).toBe(whole.skipped);
      }
    }
    // The Claude session's own transcript, then its subagent's, announced.
    const claude = await allPages(f, 'claude', f.fx.claude.sessionId, 500);
    const header = claude.items.findIndex((i) => i.kind === 'system' && i.text.startsWith('Subagent transcript'));
    expect(header).toBeGreaterThan(0);
    expect(claude.items.slice(header + 1).every((i) => i.kind !== 'assistant' || i.isSidechain)).toBe(true);
    expect(claude.skipped).toBe(3); // a cut line, an unknown kind, the line still being written
  });

  it('refuses a forged, altered or foreign cursor with a clear error and reads nothing', async () => {
    f = fixtureHome();
    const first = await page(f, 'claude', f.fx.claude.sessionId, undefined, 3);
    if (!first.ok || !first.value.nextCursor) throw new Error('no cursor');
    const good = first.value.nextCursor;
    expect((await page(f, 'claude', f.fx.claude.sessionId, good, 3)).ok).toBe(true);

    for (const forged of ['nope', 'x'.repeat(200), Buffer.from('1|1|0|1|0|||0000000000000000').toString('base64url'), `${good}A`]) {
      const r = await page(f, 'claude', f.fx.claude.sessionId, forged, 3);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(['bad_cursor', 'stale_cursor']).toContain(r.error.code);
        expect(r.error.message).toMatch(/^[A-Z].*\.$/);
      }
    }
    // One field changed (the offset moved a byte, or more items claimed sent): its fingerprint no longer matches.
    const fields = Buffer.from(good, 'base64url').toString().split('|');
    const moved = [...fields];
    moved[2] = String(Number(fields[2]) + 1);
    const skip = [...fields];
    skip[4] = '99';
    for (const altered of [moved, skip]) {
      const r = await page(f, 'claude', f.fx.claude.sessionId, Buffer.from(altered.join('|')).toString('base64url'), 3);
      expect(r).toMatchObject({ ok: false, error: { code: 'stale_cursor' } });
    }
    // A cursor of one session is worth nothing in another.
    expect(await page(f, 'codex', f.fx.codex.sessionId, good, 3)).toMatchObject({ ok: false, error: { code: 'stale_cursor' } });
  });

  it('goes on from a cursor when the log grew, and refuses it when the log was rewritten or replaced', async () => {
    f = fixtureHome({ truncatedTail: false });
    const file = f.fx.codex.file;
    const first = await page(f, 'codex', f.fx.codex.sessionId, undefined, 4);
    if (!first.ok || !first.value.nextCursor) throw new Error('no cursor');
    const cursor = first.value.nextCursor;
    appendFileSync(file, `${JSON.stringify({ timestamp: '2026-11-22T12:00:00.000Z', type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Appended later.' }] } })}\n`);
    const catalog = new SessionCatalog(f.home, f.env);
    await new Promise((r) => setTimeout(r, 1_100));
    const grown = await page(f, 'codex', f.fx.codex.sessionId, cursor, 500, catalog);
    expect(grown.ok).toBe(true);
    if (grown.ok) expect(grown.value.items.at(-1)).toMatchObject({ kind: 'assistant', text: 'Appended later.' });

    // Rewritten in place, same size and inode: the bytes before the cursor changed.
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('Add a --json flag', 'Add a --yaml flag'));
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await page(f, 'codex', f.fx.codex.sessionId, cursor, 4, catalog)).toMatchObject({ ok: false, error: { code: 'stale_cursor' } });

    // Replaced by another file (a new inode).
    const fresh = await page(f, 'codex', f.fx.codex.sessionId, undefined, 4, catalog);
    if (!fresh.ok || !fresh.value.nextCursor) throw new Error('no cursor');
    writeFileSync(`${file}.new`, readFileSync(file));
    renameSync(`${file}.new`, file);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await page(f, 'codex', f.fx.codex.sessionId, fresh.value.nextCursor, 4, catalog)).toMatchObject({ ok: false, error: { code: 'stale_cursor' } });

    // Cut shorter than the cursor.
    const again = await page(f, 'codex', f.fx.codex.sessionId, undefined, 10, catalog);
    if (!again.ok || !again.value.nextCursor) throw new Error('no cursor');
    writeFileSync(file, `${text.split('\n').slice(0, 3).join('\n')}\n`);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await page(f, 'codex', f.fx.codex.sessionId, again.value.nextCursor, 4, catalog)).toMatchObject({ ok: false, error: { code: 'stale_cursor' } });
  });

  it('cuts a line of many MB without holding it, and reads on after it', async () => {
    f = fixtureHome({ longResultChars: 24_000_000 });
    const heapBefore = process.memoryUsage().heapUsed;
    const r = await page(f, 'claude', f.fx.claude.sessionId, undefined, 500);
    if (!r.ok) throw new Error(r.error.message);
    const long = r.value.items.find((i) => i.kind === 'tool_result' && i.toolUseId === 'toolu_lint');
    expect(long).toMatchObject({ text: expect.stringMatching(/^x{4000}$/) });
    expect(long!.kind === 'tool_result' && long!.omittedChars).toBeGreaterThan(23_900_000);
    expect(r.value.items.some((i) => i.kind === 'assistant' && i.text === 'All done: the linter passes.')).toBe(true);
    // The 24 MB line was never a 24 MB string (48 MB of heap), only 64 KB pieces of it.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(24_000_000);
    expect(Buffer.byteLength(JSON.stringify(r.value))).toBeLessThan(MAX_FRAME_BYTES);
  });

  it('keeps every page under the socket frame size, however many long items it has', async () => {
    f = fixtureHome();
    const long = 'q'.repeat(30_000);
    for (let i = 0; i < 60; i++) appendFileSync(f.fx.claude.file, `\n${JSON.stringify({ type: 'assistant', sessionId: f.fx.claude.sessionId, cwd: f.cwd, isSidechain: false, message: { id: `big_${i}`, role: 'assistant', content: [{ type: 'text', text: long }] }, timestamp: '2026-11-22T10:00:00.000Z' })}`);
    const r = await allPages(f, 'claude', f.fx.claude.sessionId, 500);
    expect(r.pages).toBeGreaterThan(1);
  });
});

describe('agents.session.outline', () => {
  it('lists the user’s questions in order, each opening a page that starts at it', async () => {
    f = fixtureHome();
    for (const [agent, id, questions] of [
      ['claude', f.fx.claude.sessionId, f.fx.claude.questions],
      ['codex', f.fx.codex.sessionId, f.fx.codex.questions],
    ] as const) {
      const s = await sessionOf(f, agent, id);
      const outline = readSessionOutline(s, { agent, sessionId: id });
      if (!outline.ok) throw new Error(outline.error.message);
      expect(outline.value.questions.map((q) => q.text)).toEqual(questions.map((q) => q.replace(/sk-ant-\S+/, '[REDACTED],').replace('[REDACTED],,', '[REDACTED],')));
      expect(outline.value.lines).toBe(s.lines);
      for (const q of outline.value.questions) {
        const p = readSessionPage(s, { agent, sessionId: id }, q.cursor, 2);
        if (!p.ok) throw new Error(p.error.message);
        expect(p.value.items[0]).toMatchObject({ kind: 'user', line: q.line });
      }
    }
  });
});

describe('a session of 10,000 lines', () => {
  it('opens its first page quickly, and any question’s page as quickly', async () => {
    f = fixtureHome();
    const id = '5a5a5a5a-0000-4000-8000-000000010000';
    const file = writeLongClaudeSession({ claudeConfigDir: f.env.CLAUDE_CONFIG_DIR!, cwd: f.cwd, sessionId: id, lines: 10_000 });
    const size = statSync(file).size;
    const catalog = new SessionCatalog(f.home, f.env);
    let t = performance.now();
    const s = await sessionOf(f, 'claude', id, catalog);
    const indexMs = performance.now() - t;
    t = performance.now();
    const first = readSessionPage(s, { agent: 'claude', sessionId: id }, undefined, 200);
    const firstMs = performance.now() - t;
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.items).toHaveLength(200);
    t = performance.now();
    const outline = readSessionOutline(s, { agent: 'claude', sessionId: id });
    const outlineMs = performance.now() - t;
    if (!outline.ok) throw new Error(outline.error.message);
    expect(outline.value.questions).toHaveLength(200);
    expect(outline.value.lines).toBe(10_000);
    const last = outline.value.questions.at(-1)!;
    t = performance.now();
    const deep = readSessionPage(s, { agent: 'claude', sessionId: id }, last.cursor, 200);
    const deepMs = performance.now() - t;
    if (!deep.ok) throw new Error(deep.error.message);
    expect(deep.value.items[0]).toMatchObject({ kind: 'user', line: 9_951 });
    // Warm: a new page request through the catalog (stat of the logs, nothing re-indexed).
    t = performance.now();
    await page(f, 'claude', id, undefined, 200, catalog);
    const warmMs = performance.now() - t;
    console.log(`10k-line session (${(size / 1e6).toFixed(1)} MB): index ${indexMs.toFixed(0)} ms (once), first page ${firstMs.toFixed(1)} ms, warm first page incl. refresh ${warmMs.toFixed(1)} ms, outline ${outlineMs.toFixed(0)} ms, page at the last question ${deepMs.toFixed(1)} ms`);
    expect(size).toBeGreaterThan(40e6);
    expect(firstMs).toBeLessThan(500);
    expect(deepMs).toBeLessThan(500);
  }, 60_000);
});
