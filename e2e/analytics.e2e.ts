import { appendFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantLine } from '../companion/src/usage/log-fixtures';
import { CompanionProcess, freePort } from './companion-process';
import { launchExtension, screenshot, type ExtensionBrowser } from './harness';
import { pairThroughDashboard } from './pairing';
import { putRows } from './seed';

// Agent logs the companion reads (its CLAUDE_CONFIG_DIR), SessionPilot sessions in Dexie, and the
// Analytics view in real Chromium: its tables must say what `sessionpilot usage --json` says.
let browser: ExtensionBrowser;
let companion: CompanionProcess;
let workspace: string;
let logFile: string;
const M = 60_000;
const now = Date.now();
const local = (daysAgo: number, h: number, min = 0) => {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - daysAgo, h, min).getTime();
};
const day = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
// The session two days ago: a bug task 10:00–10:30, a feature task 10:30–11:15.
const S0 = local(2, 10);

beforeAll(async () => {
  workspace = realpathSync(mkdtempSync(join(tmpdir(), 'sp-analytics-shop-')));
  companion = new CompanionProcess(await freePort());
  const projects = join(companion.home, 'claude', 'projects', 'shop');
  mkdirSync(projects, { recursive: true });
  const lines: string[] = [];
  let n = 0;
  const turn = (at: number, over: Partial<Parameters<typeof assistantLine>[0]> = {}) => {
    n++;
    lines.push(assistantLine({ ts: new Date(at).toISOString(), msgId: `m${n}`, reqId: `r${n}`, session: 'past', cwd: workspace, input: 1000 + n, output: 200 + n, cacheRead: 5000, model: n % 3 ? 'claude-sonnet-4-5-20250929' : 'claude-opus-4-5-20251101', ...over }));
  };
  // Two blocks a day for ten days: history enough for a P90 estimate.
  for (let d = 3; d <= 12; d++) {
    turn(local(d, 9, 5));
    turn(local(d, 9, 40));
    turn(local(d, 16, 10));
  }
  // An agent run in a folder the companion was never allowed to read: counted, never named.
  turn(local(5, 11), { cwd: '/home/elsewhere/secret-project' });
  // During the session: one turn in the bug task, one in the feature task.
  turn(S0 + 10 * M, { input: 3000, output: 600 });
  turn(S0 + 40 * M, { input: 2000, output: 400 });
  writeFileSync(join(projects, 'past.jsonl'), `${lines.join('\n')}\n`);
  // The running block: two turns in the last hour.
  logFile = join(projects, 'today.jsonl');
  writeFileSync(
    logFile,
    [
      assistantLine({ ts: new Date(now - 50 * M).toISOString(), msgId: 'now1', reqId: 'rn1', session: 'today', cwd: workspace, input: 4000, output: 800, model: 'claude-sonnet-4-5-20250929' }),
      assistantLine({ ts: new Date(now - 20 * M).toISOString(), msgId: 'now2', reqId: 'rn2', session: 'today', cwd: workspace, input: 2000, output: 400, model: 'claude-sonnet-4-5-20250929' }),
    ].join('\n') + '\n',
  );
  await companion.start();
  expect(companion.cli(['roots', 'add', workspace]).status).toBe(0);
  browser = await launchExtension();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await companion?.dispose();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

interface CliUsage {
  daily: Array<{ date: string; inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number; totalTokens: number; totalCost: number }>;
  totals: { inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number; totalTokens: number; totalCost: number };
}

function cliUsage(...args: string[]): CliUsage {
  const r = companion.cli(['usage', '--json', ...args]);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as CliUsage;
}

const COLUMNS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens', 'totalTokens', 'totalCost'] as const;

/** The numbers of one row of the daily table (data-value of each numeric cell). */
async function rowValues(page: Page, dayKey: string): Promise<number[]> {
  return page.locator(`table[aria-label="Cost and tokens by day"] tr[data-day="${dayKey}"] td.num`).evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset.value)));
}

async function sessionRows(page: Page): Promise<void> {
  const ws = { id: 'w-shop', name: 'shop', path: workspace, createdAt: S0, updatedAt: S0 };
  const task = (id: string, order: number, title: string, category: string, estimateMinutes: number, status: string) => ({ id, sessionId: 'past-1', order, title, category, estimateMinutes, rationale: '', sources: ['goal'], status, notes: '', createdAt: S0, updatedAt: S0 });
  const ev = (at: number, type: string, taskId?: string) => ({ sessionId: 'past-1', at, type, ...(taskId ? { taskId } : {}) });
  const planned = local(0, 0, 1);
  await putRows(page, {
    workspaces: [ws],
    sessions: [
      { id: 'past-1', workspaceId: ws.id, goal: 'Checkout fixes', budgetMinutes: 90, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', planner: 'offline', createdAt: S0, startedAt: S0, deadlineAt: S0 + 90 * M, endedAt: S0 + 75 * M },
      { id: 'live-1', workspaceId: ws.id, goal: 'Live one', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'selecting', planner: 'offline', createdAt: planned },
    ],
    tasks: [
      task('t-bug', 0, 'Fix the cart total', 'bug', 20, 'done'),
      task('t-feat', 1, 'Add coupons', 'feature', 40, 'done'),
      { ...task('t-live', 0, 'Watch the numbers', 'refactor', 30, 'pending'), sessionId: 'live-1', createdAt: planned, updatedAt: planned },
    ],
    events: [ev(S0, 'session_started'), ev(S0, 'task_started', 't-bug'), ev(S0 + 30 * M, 'task_done', 't-bug'), ev(S0 + 30 * M, 'task_started', 't-feat'), ev(S0 + 75 * M, 'task_done', 't-feat'), ev(S0 + 75 * M, 'session_completed')],
  });
}

describe('Analytics in real Chromium with a real companion', () => {
  it('shows the CLI’s usage numbers, the charts, the live block and the SessionPilot-side charts, and updates while a session runs', async () => {
    await pairThroughDashboard(browser, companion);
    const today = await browser.openPage('dashboard.html');
    await sessionRows(today);
    const page = await browser.openPage('dashboard.html#analytics');
    await page.setViewportSize({ width: 1280, height: 900 });

    // The default range is the last 30 days; the CLI is asked for the same days.
    const since = day(local(29, 12));
    const until = day(now);
    const cli = cliUsage('--since', since, '--until', until);
    expect(cli.daily.length).toBeGreaterThanOrEqual(11); // ten history days, the session's day, the last hour
    const totalRow = page.locator('table[aria-label="Cost and tokens by day"] tr[data-day="total"]');
    await expect.poll(() => totalRow.count(), { timeout: 20_000 }).toBe(1);
    const totals = await rowValues(page, 'total');
    expect(totals.slice(0, 5)).toEqual(COLUMNS.slice(0, 5).map((k) => cli.totals[k]));
    expect(totals[5]).toBeCloseTo(cli.totals.totalCost, 9);
    for (const d of cli.daily) {
      const v = await rowValues(page, d.date);
      expect(v.slice(0, 5)).toEqual(COLUMNS.slice(0, 5).map((k) => d[k]));
      expect(v[5]).toBeCloseTo(d.totalCost, 9);
    }
    // Shown to the cent, as the numbers above.
    expect(await totalRow.locator('td.num').last().textContent()).toBe(`$${cli.totals.totalCost.toFixed(2)}`);
    // And all time equals `usage --json` with no range.
    await page.getByRole('group', { name: 'Days shown' }).getByRole('button', { name: 'All time' }).click();
    const all = cliUsage();
    await expect.poll(async () => (await rowValues(page, 'total'))[4]).toBe(all.totals.totalTokens);
    await page.getByRole('group', { name: 'Days shown' }).getByRole('button', { name: 'Last 30 days' }).click();

    // The model and workspace tables add up to the same totals; the folder never allowed is not named.
    const sumOf = (label: string) => page.locator(`table[aria-label="${label}"] tbody tr`).evaluateAll((rows) => rows.reduce((s, r) => s + Number((r.querySelectorAll('td.num')[1] as HTMLElement).dataset.value), 0));
    await expect.poll(() => sumOf('Cost and tokens by model')).toBe(cli.totals.totalTokens);
    expect(await sumOf('Cost and tokens by workspace')).toBe(cli.totals.totalTokens);
    const wsTable = page.locator('table[aria-label="Cost and tokens by workspace"]');
    expect(await wsTable.locator('tbody th').allTextContents()).toEqual([`shop${workspace}`, 'Outside your allowed folders']);
    expect(await page.content()).not.toContain('secret-project');

    // Charts: one canvas per chart, each with something drawn on it.
    const canvases = page.locator('.an-chart canvas');
    await expect.poll(() => canvases.count()).toBe(7);
    const painted = await canvases.evaluateAll((list) =>
      list.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
        return canvas.width > 100 && canvas.height > 100 ? n : 0;
      }),
    );
    for (const n of painted) expect(n).toBeGreaterThan(500);

    // The live card: the running block's tokens, cost, burn rate, projection, and the P90 estimate labelled as one.
    const live = page.locator('.an-live-agent[data-agent="claude"]');
    expect(await live.getAttribute('data-active')).toBe('true');
    expect(Number(await live.locator('[data-field="tokens"]').getAttribute('data-value'))).toBe(4000 + 800 + 2000 + 400);
    expect(await live.locator('[data-field="burn"]').textContent()).toMatch(/^[\d.]+k? tokens\/min · \$\d\.\d{3,4}\/min$/);
    expect(await live.locator('[data-field="projected"]').textContent()).toMatch(/tokens · \$\d/);
    expect(await live.locator('.an-estimate').getAttribute('data-estimate')).toBe('p90');
    expect(await live.locator('.an-estimate').textContent()).toMatch(/^estimate Limit estimate \(P90 of your last \d+ completed blocks\)/);

    // SessionPilot's side, from Dexie: time per category, estimate vs actual, agent cost per task category.
    const cell = (table: string, category: string, col: number) => page.locator(`table[aria-label="${table}"] tr[data-category="${category}"] td.num`).nth(col).getAttribute('data-value').then(Number);
    expect(await cell('Time per category', 'bug', 1)).toBe(30);
    expect(await cell('Time per category', 'feature', 1)).toBe(45);
    expect(await cell('Estimate vs actual', 'feature', 1)).toBe(40);
    expect(await cell('Estimate vs actual', 'feature', 2)).toBe(45);
    expect(await cell('Agent cost per task category', 'bug', 1)).toBe(3000 + 600 + 5000);
    expect(await cell('Agent cost per task category', 'feature', 1)).toBe(2000 + 400 + 5000);
    expect(await cell('Agent cost per task category', 'bug', 0)).toBe(1);
    await screenshot(page, 'analytics', { fullPage: true });

    // A session runs: the companion watches the agents' logs, a new turn is pushed, the view follows.
    await today.reload();
    await today.getByRole('button', { name: 'Start session' }).click();
    await expect.poll(async () => (await today.getByLabel('Time left').allTextContents()).length, { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    appendFileSync(logFile, `${assistantLine({ ts: new Date().toISOString(), msgId: 'now3', reqId: 'rn3', session: 'today', cwd: workspace, input: 10_000, output: 1000, model: 'claude-sonnet-4-5-20250929' })}\n`);
    await expect.poll(async () => Number(await live.locator('[data-field="tokens"]').getAttribute('data-value')), { timeout: 20_000 }).toBe(7200 + 11_000);
    const after = cliUsage('--since', since, '--until', until);
    await expect.poll(async () => (await rowValues(page, 'total'))[4]).toBe(after.totals.totalTokens);
    expect(await page.locator('.an-live .an-badge').textContent()).toContain('updates while your session runs');

    // Dark theme: charts redrawn in the dark palette.
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await page.waitForTimeout(400);
    await screenshot(page, 'analytics-dark', { fullPage: true });
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
    await page.close();
    await today.close();
  });

  it('says in one sentence that the companion is not connected, and still charts SessionPilot’s own numbers', async () => {
    await companion.stop();
    const page = await browser.openPage('dashboard.html#analytics');
    const status = page.locator('.an-status[data-state="no-companion"]');
    await expect.poll(() => status.count(), { timeout: 20_000 }).toBe(1);
    expect(await status.textContent()).toMatch(/come from the companion, which is not connected: run .*sessionpilot serve/);
    expect(await page.locator('table[aria-label="Time per category"] tr[data-category="bug"] td.num').nth(1).getAttribute('data-value')).toBe('30');
    expect(await page.locator('section[data-section="an-time"] .an-chart canvas').count()).toBe(1);
    await screenshot(page, 'analytics-no-companion');
    await page.close();
  });
});
