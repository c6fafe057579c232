import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, screenshot, type ExtensionBrowser } from './harness';
import { putRows } from './seed';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
});

afterAll(async () => {
  await browser?.close();
});

describe('history in real Chromium, with 10,000 past sessions', () => {
  it('pages the list, searches by goal, workspace and rating, and reopens a session read-only', async () => {
    const page = await browser.openPage('dashboard.html');
    const t0 = Date.UTC(2025, 0, 1);
    await putRows(page, {
      workspaces: [
        { id: 'w1', name: 'shop', path: '/src/shop', createdAt: t0, updatedAt: t0 },
        { id: 'w2', name: 'blog', path: '/src/blog', createdAt: t0, updatedAt: t0 },
      ],
    });
    for (let batch = 0; batch < 10; batch++) {
      const sessions = [];
      const reviews = [];
      for (let i = batch * 1000; i < (batch + 1) * 1000; i++) {
        const createdAt = t0 + i * 3_600_000;
        sessions.push({ id: `h${i}`, workspaceId: i % 2 ? 'w2' : 'w1', goal: `Goal ${i}`, budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status: i % 10 === 3 ? 'cancelled' : 'completed', createdAt, startedAt: createdAt, deadlineAt: createdAt + 3_600_000, endedAt: createdAt + 3_600_000, summary: `# Session summary: Goal ${i}\n`, handoff: '# Start here tomorrow\n' });
        if (i % 100 === 7) reviews.push({ id: `session:h${i}`, sessionId: `h${i}`, rating: 'partial', note: 'half', createdAt });
      }
      await putRows(page, { sessions, reviews, tasks: [{ id: 'h4242-t0', sessionId: 'h4242', order: 0, title: 'The task of 4242', category: 'bug', estimateMinutes: 20, rationale: '', sources: ['goal'], status: 'done', notes: '', actualMinutes: 25, createdAt: t0, updatedAt: t0 }] });
    }
    await page.reload();
    const status = page.getByRole('form', { name: 'Search past sessions' }).locator('xpath=following-sibling::p[@role="status"]');
    await expect.poll(async () => (await status.allTextContents()).join(''), { timeout: 15_000 }).toBe('10000 sessions · page 1 of 200');
    expect(await page.getByRole('list', { name: 'Past sessions' }).locator('li').count()).toBe(50);

    const started = Date.now();
    await page.getByLabel('Search goals and workspaces').fill('Goal 4242');
    await expect.poll(async () => (await status.allTextContents()).join('')).toBe('1 session');
    console.log(`history search over 10,000 sessions: ${Date.now() - started} ms from typing to the result (120 ms of it is the typing debounce)`);

    await page.getByLabel('Search goals and workspaces').fill('');
    await page.getByRole('form', { name: 'Search past sessions' }).getByLabel('Rating', { exact: true }).selectOption('partial');
    // Every reviewed session (i % 100 === 7) is odd, so in the blog workspace, none in shop.
    await page.getByRole('form', { name: 'Search past sessions' }).getByLabel('Workspace', { exact: true }).selectOption('w1');
    await expect.poll(async () => (await status.allTextContents()).join('')).toBe('0 sessions');
    await page.getByRole('form', { name: 'Search past sessions' }).getByLabel('Workspace', { exact: true }).selectOption('');
    await expect.poll(async () => (await status.allTextContents()).join('')).toBe('100 sessions · page 1 of 2');
    await page.getByRole('form', { name: 'Search past sessions' }).getByLabel('Rating', { exact: true }).selectOption('');
    await page.getByRole('form', { name: 'Search past sessions' }).getByLabel('From', { exact: true }).fill('2025-01-02');
    await page.getByRole('form', { name: 'Search past sessions' }).getByLabel('To', { exact: true }).fill('2025-01-02');
    await expect.poll(async () => (await status.allTextContents()).join('')).toBe('24 sessions');
    await page.getByRole('form', { name: 'Search past sessions' }).getByLabel('From', { exact: true }).fill('');
    await page.getByRole('form', { name: 'Search past sessions' }).getByLabel('To', { exact: true }).fill('');

    await page.getByLabel('Search goals and workspaces').fill('Goal 4242');
    await page.getByRole('button', { name: 'Goal 4242' }).click();
    const detail = page.getByLabel('Past session');
    await expect.poll(async () => (await detail.allTextContents()).join('')).toContain('The task of 4242');
    expect(await detail.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    expect(await detail.textContent()).toContain('read-only');
    // Per-session export: HTML escaped and locked down, JSON with the rows.
    const htmlDownload = page.waitForEvent('download');
    await detail.getByRole('group', { name: 'Export this session' }).getByRole('button', { name: 'HTML' }).click();
    const html = readFileSync((await (await htmlDownload).path())!, 'utf8');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toContain('The task of 4242');
    expect(html).not.toContain('<script');
    const jsonDownload = page.waitForEvent('download');
    await detail.getByRole('group', { name: 'Export this session' }).getByRole('button', { name: 'JSON' }).click();
    expect(JSON.parse(readFileSync((await (await jsonDownload).path())!, 'utf8'))).toMatchObject({ session: { id: 'h4242' }, tasks: [{ id: 'h4242-t0' }] });
    await screenshot(page, 'dashboard-history');
    await page.close();
  });
});
