import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanionProcess, freePort } from './companion-process';
import { makeFixtureRepo } from './fixture-repo';
import { launchExtension, screenshot, type ExtensionBrowser } from './harness';
import { pairThroughDashboard } from './pairing';

let browser: ExtensionBrowser;
let companion: CompanionProcess;
let repo: string;

const JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="cart" tests="2" failures="1">
  <testcase classname="cart.total" name="sums an empty cart" file="src/cart.test.ts"><failure message="expected 0, got NaN">AssertionError</failure></testcase>
  <testcase classname="cart.total" name="sums two items" file="src/cart.test.ts"/>
</testsuite></testsuites>`;

beforeAll(async () => {
  repo = makeFixtureRepo({
    'src/cart.ts': '// FIXME: total is wrong for an empty cart\nexport const total = 1;\n',
    'src/api.ts': '// TODO: retry when the server answers 503\n',
    'src/title.ts': '// TODO: <img src=x onerror="document.title=\'pwned\'"> escape titles\n',
    '.gitignore': 'test-results/\n',
    'test-results/junit.xml': JUNIT,
  });
  companion = new CompanionProcess(await freePort());
  await companion.start();
  companion.cli(['roots', 'add', repo]);
  browser = await launchExtension();
});

afterAll(async () => {
  await browser?.close();
  await companion?.dispose();
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe('the scan view, in real Chromium with a real companion', () => {
  it('shows markers, failing tests and git, with editor links; mutes a signal and the plan leaves it out', async () => {
    await pairThroughDashboard(browser, companion);
    const page = await browser.openPage('dashboard.html');
    const wsForm = page.getByRole('form', { name: 'New workspace' });
    await wsForm.getByLabel('Name').fill('shop');
    await wsForm.getByLabel('Local folder').fill(repo);
    await wsForm.getByRole('button', { name: 'Add workspace' }).click();
    await page.getByRole('button', { name: 'Scan shop' }).click();

    const markers = page.getByRole('list', { name: 'Markers' });
    await expect.poll(() => markers.locator('li').count(), { timeout: 20_000 }).toBe(3);
    const counts = page.getByRole('list', { name: 'Signal counts' });
    expect(await counts.textContent()).toContain('3 markers');
    expect(await counts.textContent()).toContain('1 failing tests');

    const fixme = markers.locator('li', { hasText: 'src/cart.ts:1' });
    expect(await fixme.locator('.tag').textContent()).toBe('FIXME');
    expect(await fixme.getByRole('link', { name: 'VS Code' }).getAttribute('href')).toBe(`vscode://file${repo}/src/cart.ts:1`);
    expect(await fixme.getByRole('link', { name: 'IDEA' }).getAttribute('href')).toContain(`line=1`);

    // Who wrote it, from git blame, for the markers shown.
    await expect.poll(() => fixme.locator('.blame').textContent(), { timeout: 10_000 }).toMatch(/^e2e, (just now|\d+ minutes? ago)$/);

    // Untrusted marker text renders as text: no element is created from it.
    const hostile = markers.locator('li', { hasText: 'src/title.ts:1' });
    expect(await hostile.locator('.signal-text').textContent()).toContain('<img src=x');
    expect(await page.locator('.signal-list img').count()).toBe(0);
    expect(await page.title()).toBe('SessionPilot');

    const tests = page.getByRole('list', { name: 'Failing tests' });
    expect(await tests.textContent()).toContain('sums an empty cart');
    expect(await tests.textContent()).toContain('expected 0, got NaN');
    expect(await page.getByRole('list', { name: 'Recent commits' }).textContent()).toContain('fixture');
    await screenshot(page, 'dashboard-scan', { fullPage: true });

    await page.getByRole('button', { name: 'Mute src/api.ts:1' }).click();
    await expect.poll(() => markers.locator('li').count()).toBe(2);
    expect(await counts.textContent()).toContain('2 markers');
    await page.getByLabel(/Show 1 muted/).check();
    await expect.poll(() => markers.locator('li.muted-row').count()).toBe(1);

    // The muted TODO stays out of the next plan, and the mute survives a reload.
    const plan = page.getByRole('form', { name: 'Plan a session' });
    await plan.getByLabel('Time budget', { exact: true }).fill('120');
    await plan.getByRole('button', { name: 'Scan & plan' }).click();
    const planned = page.getByRole('list', { name: 'Planned tasks' });
    await expect.poll(() => planned.locator('li').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const sources = (await planned.locator('.task-sources').allTextContents()).join(' ');
    expect(sources).toContain('src/cart.ts:1');
    expect(sources).not.toContain('src/api.ts');
    await page.getByRole('button', { name: 'Discard plan' }).click();

    await page.reload();
    await page.getByRole('button', { name: 'Scan shop' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Markers' }).locator('li').count(), { timeout: 20_000 }).toBe(2);
    await page.close();
  });

  it('while a session runs, a new TODO and a fresh test report appear without a reload', async () => {
    const page = await browser.openPage('dashboard.html');
    await page.getByRole('button', { name: 'Scan shop' }).click();
    const markers = page.getByRole('list', { name: 'Markers' });
    await expect.poll(() => markers.locator('li').count(), { timeout: 20_000 }).toBe(2);

    const plan = page.getByRole('form', { name: 'Plan a session' });
    await plan.getByLabel('Goal', { exact: true }).fill('Fix the cart');
    await plan.getByRole('button', { name: 'Scan & plan' }).click();
    await page.getByRole('button', { name: 'Start session' }).click();
    await expect.poll(() => page.getByLabel('Time left').isVisible()).toBe(true);
    await expect.poll(() => companion.output, { timeout: 10_000 }).toContain(`watching ${repo}`);

    writeFileSync(join(repo, 'src/cart.ts'), '// FIXME: total is wrong for an empty cart\n// TODO: round to cents\nexport const total = 1;\n');
    await expect.poll(() => markers.locator('li').count(), { timeout: 10_000 }).toBe(3);
    expect(await markers.textContent()).toContain('round to cents');
    writeFileSync(join(repo, 'test-results/junit.xml'), JUNIT.replace('<testcase classname="cart.total" name="sums two items" file="src/cart.test.ts"/>', '<testcase classname="cart.total" name="sums two items" file="src/cart.test.ts"><failure message="off by one"/></testcase>'));
    await expect.poll(() => page.getByRole('list', { name: 'Failing tests' }).locator('li').count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => page.locator('.live').textContent(), { timeout: 10_000 }).toMatch(/4 markers and 2 failing tests/);
    await screenshot(page, 'dashboard-live', { fullPage: true });

    await page.getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => companion.output, { timeout: 10_000 }).toContain(`stopped watching ${repo}`);
    await page.close();
  });

  it('runs the tests only with a command set in the terminal, and shows what they left behind', async () => {
    const page = await browser.openPage('dashboard.html');
    await page.getByRole('button', { name: 'Scan shop' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Markers' }).locator('li').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Run tests' }).click();
    const scanAlert = page.locator('.scan-view').getByRole('alert');
    await expect.poll(async () => (await scanAlert.allTextContents()).join(''), { timeout: 10_000 }).toContain('npx sessionpilot tests set');

    const report = JUNIT.replace('name="sums two items" file="src/cart.test.ts"/>', 'name="sums two items" file="src/cart.test.ts"><failure message="still broken"/></testcase>').replace('name="sums an empty cart" file="src/cart.test.ts"><failure message="expected 0, got NaN">AssertionError</failure></testcase>', 'name="sums an empty cart" file="src/cart.test.ts"/>');
    const script = `require('fs').writeFileSync('test-results/junit.xml', ${JSON.stringify(report)}); console.log('1 failed'); process.exit(1)`;
    expect(companion.cli(['tests', 'set', repo, '--', process.execPath, '-e', script]).status).toBe(0);
    await page.getByRole('button', { name: 'Run tests' }).click();
    const tests = page.getByRole('list', { name: 'Failing tests' });
    await expect.poll(async () => (await tests.allTextContents()).join(''), { timeout: 20_000 }).toContain('still broken');
    expect(await tests.textContent()).not.toContain('expected 0, got NaN');
    await expect.poll(async () => (await page.locator('.test-run summary').allTextContents()).join(''), { timeout: 5_000 }).toMatch(/Last run: exit 1 after \d+\.\d s/);
    await screenshot(page, 'dashboard-tests-run', { fullPage: true });
    await page.close();
  });
});
