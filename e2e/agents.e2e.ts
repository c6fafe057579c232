import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SECRETS, HOSTILE_MARKDOWN, writeAgentFixtures, type AgentFixtures } from '../companion/src/agents/agent-fixtures';
import { assistantLine } from '../companion/src/usage/log-fixtures';
import { parseAgentSessionJson } from '../shared/export/agent-session-export';
import { CompanionProcess, freePort } from './companion-process';
import { launchExtension, screenshot, type ExtensionBrowser } from './harness';
import { pairThroughDashboard } from './pairing';
import { putRows } from './seed';

const START = new Date('2026-11-22T09:00:00.000Z');
/** A long Claude Code session of its own: 10,000 lines, a question every 100. */
const LONG_SESSION = '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const LONG_LINES = 10_000;

let browser: ExtensionBrowser;
let companion: CompanionProcess;
let dir: string;
let shop: string;
let fx: AgentFixtures;
const requests: string[] = [];
const dialogs: string[] = [];

/** Claude Code's own line format, written as the agent writes it. */
function writeLongSession(claudeConfigDir: string, cwd: string): void {
  const folder = join(claudeConfigDir, 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-'));
  mkdirSync(folder, { recursive: true });
  const t0 = START.getTime() - 6 * 3_600_000;
  const lines: string[] = [];
  for (let i = 0; i < LONG_LINES; i++) {
    const timestamp = new Date(t0 + i * 1000).toISOString();
    if (i % 100 === 0) {
      lines.push(JSON.stringify({ parentUuid: null, isSidechain: false, userType: 'external', cwd, sessionId: LONG_SESSION, version: '2.0.14', gitBranch: 'main', type: 'user', message: { role: 'user', content: `Long question ${i / 100}` }, uuid: `lq-${i}`, timestamp }));
    } else {
      lines.push(assistantLine({ ts: timestamp, msgId: `msg_long_${i}`, reqId: `req_long_${i}`, session: LONG_SESSION, cwd, content: [{ type: 'text', text: `Long reply ${i}: **done**.` }], model: 'claude-sonnet-4-5-20250929', input: 10, output: 5 }));
    }
  }
  writeFileSync(join(folder, `${LONG_SESSION}.jsonl`), `${lines.join('\n')}\n`);
}

beforeAll(async () => {
  companion = new CompanionProcess(await freePort());
  dir = mkdtempSync(join(tmpdir(), 'sp-e2e-agents-'));
  mkdirSync(join(dir, 'shop'));
  mkdirSync(join(dir, 'outside'));
  shop = realpathSync(join(dir, 'shop'));
  fx = writeAgentFixtures({ claudeConfigDir: join(companion.home, 'claude'), codexHome: join(companion.home, 'codex'), cwd: shop, outsideCwd: realpathSync(join(dir, 'outside')), start: START });
  writeLongSession(join(companion.home, 'claude'), shop);
  companion.cli(['roots', 'add', shop]);
  await companion.start();
  browser = await launchExtension();
  browser.context.on('request', (r) => requests.push(r.url()));
  browser.context.on('page', (p) =>
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    }),
  );
});

afterAll(async () => {
  await browser?.close();
  await companion?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Everything a hostile log could have made live on the page: handlers, script URLs, remote loads. */
async function liveMarkup(page: Page) {
  return page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      onAttributes: all.flatMap((el) => el.getAttributeNames().filter((a) => a.toLowerCase().startsWith('on')).map((a) => `${el.nodeName}[${a}]`)),
      badHrefs: [...document.querySelectorAll('[href]')].map((el) => el.getAttribute('href') ?? '').filter((h) => /^\s*(javascript|data|vbscript):/i.test(h)),
      images: document.querySelectorAll('img, iframe, frame, object, embed').length,
      scripts: document.querySelectorAll('.conversation script, .conversation form').length,
      styles: document.querySelectorAll('.conversation style, .conversation [style]').length,
    };
  });
}

/** Goes to a dashboard view by its hash (a new document, as when a link is opened). */
async function goTo(page: Page, hash: string): Promise<void> {
  const url = new URL(page.url());
  url.hash = hash;
  await page.goto(url.toString());
}

const listStatus = (page: Page) => page.locator('.agent-list .card-head [role="status"]').textContent();

describe('agent sessions in real Chromium, with a real companion reading fixture logs', () => {
  it('lists the sessions in the allowed folder with workspace, cost and the SessionPilot session they ran in', async () => {
    // Before pairing: one sentence saying what to do.
    const unpaired = await browser.openPage('dashboard.html#agents');
    await expect.poll(() => unpaired.getByRole('alert').textContent(), { timeout: 15_000 }).toMatch(/^Agent sessions are read by the companion, which is not paired with this browser: run npx sessionpilot pair.* in a terminal and enter its code in Settings\.$/);
    await unpaired.close();
    await pairThroughDashboard(browser, companion);
    const page = await browser.openPage('dashboard.html');
    const t = START.getTime();
    await putRows(page, {
      workspaces: [{ id: 'w-shop', name: 'shop', path: shop, createdAt: t, updatedAt: t }],
      sessions: [
        { id: 'sp-cart', workspaceId: 'w-shop', goal: 'Fix the cart rounding', budgetMinutes: 90, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', createdAt: t - 600_000, startedAt: t - 300_000, deadlineAt: t + 5_100_000, endedAt: t + 5_000_000, summary: '# Summary', handoff: '# Start here tomorrow' },
      ],
    });
    await page.goto(page.url().replace(/#.*$/, '') + '#agents');
    await page.reload();
    await expect.poll(() => listStatus(page), { timeout: 20_000 }).toBe('1–3 of 3');
    const table = page.getByRole('table', { name: 'Agent sessions' });
    const text = (await table.textContent()) ?? '';
    // Titles are redacted by the companion; the sessions outside the roots are not there.
    expect(text).toContain('Fix the failing cart test; my key is [REDACTED]');
    expect(text).toContain('Add a --json flag to the report command');
    expect(text).not.toContain('outside the roots');
    expect(text).not.toContain(FIXTURE_SECRETS.anthropic);
    const claudeRow = table.locator(`tr[data-key="claude:${fx.claude.sessionId}"]`);
    expect(await claudeRow.textContent()).toContain('shop');
    expect(await claudeRow.textContent()).toContain('Fix the cart rounding');
    expect(await claudeRow.textContent()).toContain('+ price unknown');
    expect(await claudeRow.locator('.col-cost .sub').getAttribute('title')).toContain(fx.unpricedModel);
    expect(await claudeRow.textContent()).not.toContain('$0.00');

    // The search goes to the companion.
    await page.getByLabel('Search agent sessions').fill('json flag');
    await expect.poll(() => listStatus(page)).toBe('1–1 of 1');
    await page.getByLabel('Search agent sessions').fill('');
    await page.getByLabel('Agent', { exact: true }).selectOption('codex');
    await expect.poll(() => listStatus(page)).toBe('1–1 of 1');
    await page.getByLabel('Agent', { exact: true }).selectOption('');
    await expect.poll(() => listStatus(page)).toBe('1–3 of 3');
    await screenshot(page, 'agents-list');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'agents-list-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Keyboard: the session's title is a link; Enter opens it.
    await table.getByRole('link', { name: /^Fix the failing cart test/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`#agents/claude/${fx.claude.sessionId}`);
    await page.close();
  });

  it('replays a session with every item kind, the hostile Markdown inert, and no request to evil.example', async () => {
    const page = await browser.openPage(`dashboard.html#agents/claude/${fx.claude.sessionId}`);
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await expect.poll(() => conversation.locator('[data-kind]').count(), { timeout: 20_000 }).toBeGreaterThan(10);
    await expect.poll(() => conversation.locator('.replay-end').textContent()).toContain('End of the session');
    const kinds = new Set(await conversation.locator('[data-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))));
    expect([...kinds].sort()).toEqual(['assistant', 'system', 'thinking', 'tool_result', 'tool_use', 'user']);
    const tools = await conversation.locator('.tool-name').allTextContents();
    for (const name of ['Bash', 'Read', 'Edit', 'Grep', 'Write']) expect(tools).toContain(name);
    expect(await conversation.locator('.item-assistant.sidechain').count()).toBeGreaterThan(0);
    expect(await conversation.locator('[data-kind="thinking"] details[open]').count()).toBe(0);
    expect(await conversation.textContent()).toMatch(/… [\d,]+ more characters not shown/);
    // Secrets were redacted at the source.
    const all = (await page.textContent('body')) ?? '';
    for (const secret of [FIXTURE_SECRETS.anthropic, FIXTURE_SECRETS.github, FIXTURE_SECRETS.aws]) expect(all).not.toContain(secret);

    // The hostile reply rendered as formatting and text only.
    const hostile = conversation.locator('[data-kind="assistant"]', { hasText: 'safe link' }).first();
    expect(await hostile.locator('strong').first().textContent()).toBe('bold');
    expect(await hostile.locator('a[href="https://example.com/docs"]').getAttribute('rel')).toBe('noopener noreferrer');
    expect(await hostile.textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await hostile.textContent()).toContain('[image: tracker]');
    expect(await liveMarkup(page)).toEqual({ onAttributes: [], badHrefs: [], images: 0, scripts: 0, styles: 0 });
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(requests.filter((u) => u.includes('evil.example'))).toEqual([]);
    // Open every fold: expanding must not make anything load either.
    await conversation.locator('details').evaluateAll((els) => els.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.waitForTimeout(300);
    expect(requests.filter((u) => u.includes('evil.example'))).toEqual([]);
    await conversation.locator('details').evaluateAll((els) => els.forEach((d) => ((d as HTMLDetailsElement).open = false)));

    // The questions' outline jumps within the loaded conversation.
    const outline = page.getByRole('navigation', { name: 'Questions in this session' });
    await outline.getByRole('button', { name: 'Now run the linter please' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-kind'))).toBe('user');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Now run the linter please');

    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'agents-session');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'agents-session-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await conversation.locator('[data-kind="assistant"]', { hasText: 'safe link' }).first().scrollIntoViewIfNeeded();
    await screenshot(page, 'agents-session-hostile');

    // The Codex session too.
    await goTo(page, `#agents/codex/${fx.codex.sessionId}`);
    await expect.poll(() => conversation.locator('[data-kind="tool_use"]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await conversation.locator('.tool-name').allTextContents()).toContain('apply_patch');
    expect(await liveMarkup(page)).toEqual({ onAttributes: [], badHrefs: [], images: 0, scripts: 0, styles: 0 });
    expect(dialogs).toEqual([]);
    expect(requests.filter((u) => u.includes('evil.example'))).toEqual([]);
    await page.close();
  });

  it('opens a 10,000-line session quickly, rendering only the loaded pages, and jumps to a question not loaded yet', async () => {
    const page = await browser.openPage('dashboard.html');
    const started = Date.now();
    await goTo(page, `#agents/claude/${LONG_SESSION}`);
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await expect.poll(() => conversation.locator('[data-kind]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const firstPaint = Date.now() - started;
    console.log(`10,000-line session: first items shown ${firstPaint} ms after navigation`);
    expect(firstPaint).toBeLessThan(5_000);
    const rendered = await conversation.locator('[data-kind]').count();
    expect(rendered).toBeLessThanOrEqual(1_000);
    expect(await conversation.getByRole('button', { name: 'Load more' }).count()).toBe(1);

    const outline = page.getByRole('navigation', { name: 'Questions in this session' });
    await expect.poll(() => outline.locator('.outline-jump').count(), { timeout: 20_000 }).toBe(100);
    await outline.getByRole('button', { name: 'Long question 87', exact: true }).click();
    await expect.poll(() => conversation.locator('[data-kind]').first().textContent(), { timeout: 20_000 }).toContain('Long question 87');
    expect(await conversation.textContent()).toContain('Show from the beginning');
    expect(await conversation.locator('.user-text').allTextContents()).not.toContain('Long question 3');
    await conversation.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => conversation.locator('[data-kind="user"]', { hasText: 'Long question 90' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.close();
  });

  it('saves a rating with a note and a link, and shows it beside the SessionPilot session', async () => {
    const page = await browser.openPage(`dashboard.html#agents/claude/${fx.claude.sessionId}`);
    const form = page.getByRole('form', { name: 'Review this agent session' });
    await expect.poll(() => page.locator('.agent-facts').textContent(), { timeout: 20_000 }).toContain('Fix the cart rounding');
    await form.getByLabel('Needs fix').check();
    await form.getByLabel('Review note').fill('The rounding fix broke the tax test');
    await form.getByText('Link to other agent sessions').click();
    const candidates = form.getByRole('list', { name: 'Agent sessions to link' });
    await candidates.locator('li', { hasText: 'Add a --json flag' }).getByRole('button', { name: 'Link' }).click();
    await form.getByRole('button', { name: 'Save review' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved: Needs fix');
    expect(await form.getByRole('list', { name: 'Linked agent sessions' }).textContent()).toContain('Add a --json flag');

    const stored = await page.evaluate(
      (id) =>
        new Promise((resolve) => {
          const open = indexedDB.open('sessionpilot');
          open.onsuccess = () => {
            const get = open.result.transaction('agentReviews').objectStore('agentReviews').get(id);
            get.onsuccess = () => resolve(get.result);
          };
        }),
      `claude:${fx.claude.sessionId}`,
    );
    expect(stored).toMatchObject({ rating: 'needs_fix', note: 'The rounding fix broke the tax test', links: [`codex:${fx.codex.sessionId}`], spSessionId: 'sp-cart' });

    // The list shows the rating; the Today view shows it beside the session it ran in.
    await goTo(page, '#agents');
    await expect.poll(() => page.locator(`tr[data-key="claude:${fx.claude.sessionId}"] .rating`).textContent(), { timeout: 20_000 }).toBe('Needs fix');
    await page.getByLabel('Rating', { exact: true }).selectOption('needs_fix');
    await expect.poll(() => listStatus(page)).toBe('1–1 of 1');
    await goTo(page, '#today');
    const row = page.getByRole('list', { name: 'Past sessions' }).locator('li', { hasText: 'Fix the cart rounding' });
    await expect.poll(() => row.locator('.agent-tally').textContent(), { timeout: 15_000 }).toBe('Agents: 1 Needs fix');
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'agents-today-rating');
    await page.close();
  });

  it('exports a session as JSON that reads back to the same items, escaped HTML and inert Markdown', async () => {
    const page = await browser.openPage(`dashboard.html#agents/claude/${fx.claude.sessionId}`);
    const group = page.getByRole('group', { name: 'Export this agent session' });
    await expect.poll(() => group.count(), { timeout: 20_000 }).toBe(1);

    const jsonDownload = page.waitForEvent('download');
    await group.getByRole('button', { name: 'JSON' }).click();
    const parsed = parseAgentSessionJson(readFileSync((await (await jsonDownload).path())!, 'utf8'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    // The same items the companion serves, read straight from it through the background.
    const served = await page.evaluate(async (sessionId) => {
      const items: unknown[] = [];
      let cursor: string | null = null;
      do {
        const r = (await chrome.runtime.sendMessage({ type: 'companion.call', method: 'agents.session.page', params: { agent: 'claude', sessionId, limit: 500, ...(cursor ? { cursor } : {}) } })) as { ok: boolean; result: { items: unknown[]; nextCursor: string | null } };
        items.push(...r.result.items);
        cursor = r.result.nextCursor;
      } while (cursor);
      return items;
    }, fx.claude.sessionId);
    expect(parsed.value.items).toEqual(served);
    expect(parsed.value).toMatchObject({ complete: true, workspace: 'shop', session: { sessionId: fx.claude.sessionId }, review: { rating: 'needs_fix', links: [`codex:${fx.codex.sessionId}`] } });
    await expect.poll(() => group.getByRole('status').textContent()).toMatch(/^Exported [\d,]+ items\.$/);

    const htmlDownload = page.waitForEvent('download');
    await group.getByRole('button', { name: 'HTML' }).click();
    const html = readFileSync((await (await htmlDownload).path())!, 'utf8');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<img|<iframe|<a[\s>]|<[a-z][^>]*\son\w+=/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');

    const mdDownload = page.waitForEvent('download');
    await group.getByRole('button', { name: 'Markdown' }).click();
    const md = readFileSync((await (await mdDownload).path())!, 'utf8');
    expect(md).toContain('# Fix the failing cart test; my key is \\[REDACTED\\]');
    // The hostile reply sits inside a fence, shown as written.
    expect(md).toMatch(new RegExp(`(\`{3,})markdown\\n${HOSTILE_MARKDOWN.split('\n')[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(requests.filter((u) => u.includes('evil.example'))).toEqual([]);
    await page.close();
  });
});
