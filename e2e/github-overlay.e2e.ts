import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CompanionProcess, freePort } from './companion-process';
import { makeFixtureRepo } from './fixture-repo';
import { launchExtension, screenshot, type ExtensionBrowser } from './harness';
import { pairThroughDashboard } from './pairing';

// github.com is served from fixture pages modelled on its markup; the selectors live beside them.
const FIXTURES: Record<string, string> = {
  '/octo/app': 'repo-home.html',
  '/octo/app/issues/42': 'issue-classic.html',
  '/octo/app/issues/7': 'issue-react.html',
  '/octo/app/pull/9': 'pr-failing-checks.html',
  '/octo/app/pulls': 'pr-list.html',
};
const fixture = (name: string) => readFileSync(`extension/lib/github/fixtures/${name}`, 'utf8');

let browser: ExtensionBrowser;
let companion: CompanionProcess;
let repo: string;
const dialogs: string[] = [];

beforeAll(async () => {
  repo = makeFixtureRepo({
    'src/cart.ts': '// FIXME: total is wrong for an empty cart\nexport const total = 1;\n',
    'src/api.ts': '// TODO: retry when the server answers 503\n',
    '.gitignore': 'test-results/\n',
    'test-results/junit.xml':
      '<?xml version="1.0"?><testsuites><testsuite name="cart" tests="1" failures="1"><testcase classname="cart" name="sums an empty cart" file="src/cart.test.ts"><failure message="NaN">x</failure></testcase></testsuite></testsuites>',
  });
  companion = new CompanionProcess(await freePort());
  await companion.start();
  companion.cli(['roots', 'add', repo]);
  browser = await launchExtension();
  await browser.context.route('https://github.com/**', (route) => {
    const path = new URL(route.request().url()).pathname.replace(/\/$/, '');
    const name = FIXTURES[path];
    return name ? route.fulfill({ status: 200, contentType: 'text/html', body: fixture(name) }) : route.fulfill({ status: 404, body: 'not found' });
  });
});

afterAll(async () => {
  await browser?.close();
  await companion?.dispose();
  if (repo) rmSync(repo, { recursive: true, force: true });
});

async function github(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`https://github.com${path}`);
  return page;
}

const hosts = (page: Page) => page.evaluate(() => document.querySelectorAll('sessionpilot-page').length);

describe('the GitHub overlay, in real Chromium (github.com from fixtures)', () => {
  it('pairs and links a workspace to octo/app', async () => {
    await pairThroughDashboard(browser, companion);
    const page = await browser.openPage('dashboard.html');
    const form = page.getByRole('form', { name: 'New workspace' });
    await form.getByLabel('Name').fill('shop');
    await form.getByLabel('Local folder').fill(repo);
    await form.getByLabel(/GitHub repo/).fill('octo/app');
    await form.getByRole('button', { name: 'Add workspace' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Workspaces' }).getByText('shop', { exact: true }).isVisible()).toBe(true);
    await page.close();
  });

  it('on a workspace’s repo page with no session: "Plan a session here" and the checkout’s markers and failing tests', async () => {
    const page = await github('/octo/app');
    const pill = page.getByTestId('sessionpilot-pill');
    await expect.poll(async () => (await pill.allTextContents()).join(''), { timeout: 15_000 }).toContain('Plan a session here');
    const panel = page.getByTestId('sessionpilot-repo');
    await expect.poll(async () => (await panel.allTextContents()).join(''), { timeout: 15_000 }).toContain('shop: 2 markers · 1 failing test');
    expect(await panel.textContent()).toContain('src/cart.ts:1');
    expect(await panel.textContent()).toContain('sums an empty cart');
    await screenshot(page, 'github-repo-panel');
    const opened = browser.context.waitForEvent('page');
    await pill.getByRole('button', { name: 'Plan a session here' }).click();
    const dashboard = await opened;
    await expect.poll(() => dashboard.url()).toMatch(/dashboard\.html#plan=/);
    await dashboard.close();
    await page.close();
  });

  it('is hidden on other pages with no session; "Add to session" queues an issue for the next session and says so; a hostile title stays text', async () => {
    const page = await github('/octo/app/issues/7');
    const controls = page.getByTestId('sessionpilot-page');
    await expect.poll(() => controls.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('sessionpilot-pill').count()).toBe(0);
    await controls.getByRole('button', { name: 'Add to session' }).click();
    await expect.poll(async () => (await controls.allTextContents()).join('')).toContain('queued for your next session in shop');
    await expect.poll(async () => (await controls.allTextContents()).join('')).toContain('queued for next session');
    // The title went in as text: no image element was made from it anywhere, no script ran.
    const images = await page.evaluate(() => [...document.querySelectorAll('sessionpilot-page, sessionpilot-overlay')].reduce((n, h) => n + (h.shadowRoot?.querySelectorAll('img').length ?? 0), 0));
    expect(images).toBe(0);
    expect(dialogs).toEqual([]);
    // The page's own scripts cannot reach the extension at all.
    expect(await page.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage)).toBe('undefined');
    await page.close();
  });

  it('while a session runs: the pill shows the time left; "Add to session" adds exactly one linked task and the page says so', async () => {
    const dashboard = await browser.openPage('dashboard.html');
    const plan = dashboard.getByRole('form', { name: 'Plan a session' });
    await plan.getByLabel('Goal', { exact: true }).fill('Fix the cart');
    await plan.getByLabel('Time budget', { exact: true }).fill('60');
    await plan.getByRole('button', { name: 'Scan & plan' }).click();
    await dashboard.getByRole('button', { name: 'Start session' }).click({ timeout: 20_000 });
    await expect.poll(async () => (await dashboard.getByLabel('Time left').allTextContents())[0] ?? '').toMatch(/^(1:00:00|59:[0-5]\d)$/);

    const page = await github('/octo/app/issues/42');
    const pill = page.getByTestId('sessionpilot-pill');
    await expect.poll(async () => (await pill.getByLabel('Time left').allTextContents())[0] ?? '', { timeout: 15_000 }).toMatch(/^(1:00:00|59:[0-5]\d)$/);
    expect(await pill.textContent()).toContain('Fix the cart');
    const controls = page.getByTestId('sessionpilot-page');
    await controls.getByRole('button', { name: 'Add to session' }).click();
    await expect.poll(async () => (await controls.allTextContents()).join('')).toContain('Added to today’s plan (30 min).');
    await expect.poll(async () => (await controls.allTextContents()).join('')).toContain('in today’s plan · 30 of 30 min left');
    await controls.getByRole('button', { name: 'Add to session' }).click();
    await expect.poll(async () => (await controls.allTextContents()).join('')).toContain('Already in today’s plan.');
    const tasks = await dashboard.getByRole('list', { name: 'Planned tasks' }).locator('.task-title').allTextContents();
    expect(tasks.filter((t) => t.startsWith('Issue #42: Cart total is wrong for an empty cart'))).toHaveLength(1);
    await screenshot(page, 'github-issue-added');
    await dashboard.close();
    await page.close();
  });

  it('the pill can be dragged and folded, and remembers both across pages', async () => {
    const page = await github('/octo/app/issues/42');
    const pill = page.getByTestId('sessionpilot-pill');
    await expect.poll(() => pill.count(), { timeout: 15_000 }).toBe(1);
    const box = (await pill.boundingBox())!;
    await page.mouse.move(box.x + 12, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x - 188, box.y + box.height / 2 - 100, { steps: 5 });
    await page.mouse.up();
    await pill.getByRole('button', { name: 'Fold SessionPilot' }).click();
    await expect.poll(() => pill.getAttribute('class')).toContain('sp-collapsed');
    await page.reload();
    await expect.poll(async () => (await pill.getAttribute('class').catch(() => '')) ?? '', { timeout: 15_000 }).toContain('sp-collapsed');
    const style = (await pill.getAttribute('style'))!;
    expect(style).toContain('right: 216px');
    expect(style).toContain('bottom: 116px');
    await pill.getByRole('button', { name: 'Expand SessionPilot' }).click();
    await expect.poll(() => pill.getAttribute('class')).not.toContain('sp-collapsed');
    await page.close();
  });

  it('on a PR page lists failing checks and awaited reviews, each with "add"', async () => {
    const page = await github('/octo/app/pull/9');
    const signals = page.getByRole('list', { name: 'SessionPilot signals on this pull request' });
    await expect.poll(() => signals.locator('li').count(), { timeout: 15_000 }).toBe(3);
    expect(await signals.textContent()).toContain('failing CI / test (20.x)');
    expect(await signals.textContent()).toContain('awaiting octo');
    await signals.locator('li', { hasText: 'CI / e2e' }).getByRole('button', { name: 'add' }).click();
    await expect.poll(async () => (await page.getByTestId('sessionpilot-page').allTextContents()).join('')).toContain('Added to today’s plan');
    expect(await signals.locator('li', { hasText: 'CI / e2e' }).getByRole('button').textContent()).toBe('added');
    await screenshot(page, 'github-pr-signals');
    await page.close();
  });

  it('re-renders on GitHub’s in-page navigation without duplicates, and takes its controls away when leaving', async () => {
    const page = await github('/octo/app/issues/42');
    await expect.poll(() => hosts(page), { timeout: 15_000 }).toBe(1);
    const swap = async (path: string, events: string[]) => {
      const html = fixture(FIXTURES[path]!);
      await page.evaluate(
        ({ path, html, events }) => {
          const doc = new DOMParser().parseFromString(html, 'text/html');
          history.pushState({}, '', path);
          // GitHub swaps the main content and keeps <body>: our own pill host survives, as on github.com.
          document.querySelector('main')!.replaceWith(doc.querySelector('main')!);
          for (const e of events) document.dispatchEvent(new Event(e));
        },
        { path, html, events },
      );
    };
    await swap('/octo/app/issues/7', ['soft-nav:react-done', 'turbo:render']);
    await expect.poll(async () => (await page.getByTestId('sessionpilot-page').allTextContents()).join(''), { timeout: 10_000 }).toContain('queued for next session');
    expect(await hosts(page)).toBe(1);
    await swap('/octo/app/pulls', ['turbo:render']);
    await expect.poll(() => hosts(page), { timeout: 10_000 }).toBe(0);
    await swap('/octo/app/issues/42', ['turbo:render', 'soft-nav:react-done']);
    await expect.poll(async () => (await page.getByTestId('sessionpilot-page').allTextContents()).join(''), { timeout: 10_000 }).toContain('in today’s plan');
    expect(await hosts(page)).toBe(1);
    expect(await page.evaluate(() => document.querySelectorAll('sessionpilot-overlay').length)).toBe(1);
    await page.close();
  });

  it('the pill goes when the session ends', async () => {
    const page = await github('/octo/app/pulls');
    const pill = page.getByTestId('sessionpilot-pill');
    await expect.poll(() => pill.count(), { timeout: 15_000 }).toBe(1);
    const dashboard = await browser.openPage('dashboard.html');
    await dashboard.getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => dashboard.getByLabel('Handoff').count(), { timeout: 30_000 }).toBe(1);
    await page.bringToFront();
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => pill.count(), { timeout: 10_000 }).toBe(0);
    await dashboard.close();
    await page.close();
  });
});
