import { appendFileSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assistantLine } from '../companion/src/usage/log-fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanionProcess, freePort } from './companion-process';
import { makeFixtureRepo } from './fixture-repo';
import { launchExtension, screenshot, type ExtensionBrowser } from './harness';

let browser: ExtensionBrowser;
let companion: CompanionProcess;
let repo: string;

beforeAll(async () => {
  repo = makeFixtureRepo({
    'src/cart.ts': 'export function total(items: number[]) {\n  // FIXME: total is wrong for an empty cart\n  return items.reduce((a, b) => a + b);\n}\n',
    'src/api.ts': 'export async function get() {\n  // TODO: retry when the server answers 503\n}\n',
    'src/legacy.ts': '// HACK: keep until the v1 clients are gone\nexport const legacy = true;\n',
    'README.md': '# shop\n',
  });
  companion = new CompanionProcess(await freePort());
  // Claude Code is installed on this machine: its projects folder exists before the session.
  mkdirSync(join(companion.home, 'claude', 'projects'), { recursive: true });
  await companion.start();
  expect(companion.cli(['roots', 'add', repo]).status).toBe(0);
  browser = await launchExtension();
});

afterAll(async () => {
  await browser?.close();
  await companion?.dispose();
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe('the first session, end to end, in real Chromium with a real companion', () => {
  it('shows "not paired" with the exact commands, then pairs with a one-time code', async () => {
    const page = await browser.openPage('dashboard.html#settings');
    const status = page.locator('.companion-status');
    await expect.poll(() => status.getAttribute('data-state')).toBe('not_paired');
    expect(await page.locator('.fix code').textContent()).toContain('npx sessionpilot pair');

    const paired = companion.cli(['pair', '--port', String(companion.port), '--json']);
    const { code } = JSON.parse(paired.stdout) as { code: string };
    const form = page.getByRole('form', { name: 'Pair with the companion' });
    await form.getByLabel('Port').fill(String(companion.port));

    await form.getByLabel('Pairing code').fill('ZZZZ-ZZZZ');
    await form.getByRole('button', { name: 'Pair' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/refused the code/);

    await form.getByLabel('Pairing code').fill(code.toLowerCase());
    await form.getByRole('button', { name: 'Pair' }).click();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    expect(companion.output).toContain('paired with chrome-extension://');
    await page.close();
  });

  it('scans the workspace through the companion and plans within the budget', async () => {
    const page = await browser.openPage('dashboard.html');
    const wsForm = page.getByRole('form', { name: 'New workspace' });
    // The connected companion checks the folder: a missing one is refused in one sentence.
    await wsForm.getByLabel('Name').fill('ghost');
    await wsForm.getByLabel('Local folder').fill(`${repo}-missing`);
    await wsForm.getByRole('button', { name: 'Add workspace' }).click();
    await expect.poll(() => wsForm.getByRole('alert').textContent()).toBe(`${repo}-missing does not exist on this computer.`);
    await wsForm.getByLabel('Name').fill('shop');
    await wsForm.getByLabel('Local folder').fill(repo);
    await wsForm.getByRole('button', { name: 'Add workspace' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Workspaces' }).getByText('shop', { exact: true }).isVisible()).toBe(true);

    const plan = page.getByRole('form', { name: 'Plan a session' });
    await plan.getByLabel('Goal', { exact: true }).fill('Fix the cart total');
    await plan.getByLabel('Time budget', { exact: true }).fill('45');
    await plan.getByRole('button', { name: 'Scan & plan' }).click();

    const tasks = page.getByRole('list', { name: 'Planned tasks' });
    await expect.poll(() => tasks.locator('li').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // The goal's task cites the FIXME that shares its words.
    expect(await tasks.locator('li').first().locator('.task-title').textContent()).toBe('Fix the cart totalfrom src/cart.ts:2');
    const minutes = (await tasks.locator('.task-est').allTextContents()).map((t) => parseInt(t, 10));
    expect(minutes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(45);
    expect(minutes.length).toBeGreaterThan(1);
    await screenshot(page, 'dashboard-plan');
    await page.close();
  });

  it('starts the session: the popup counts down with the current task, the badge shows minutes', async () => {
    const page = await browser.openPage('dashboard.html');
    await page.getByRole('button', { name: 'Start session' }).click();
    await expect.poll(() => page.getByLabel('Time left').textContent()).toMatch(/^(45:00|44:[0-5]\d)$/);

    const popup = await browser.openPage('popup.html');
    await popup.setViewportSize({ width: 320, height: 300 });
    const timeLeft = popup.getByLabel('Time left');
    await expect.poll(() => timeLeft.textContent()).toMatch(/^(45:00|44:[0-5]\d)$/);
    const first = await timeLeft.textContent();
    await expect.poll(() => timeLeft.textContent(), { timeout: 3_000 }).not.toBe(first);
    expect(await popup.locator('.current').textContent()).toContain('Fix the cart total');
    await screenshot(popup, 'popup-countdown');

    // chrome.* is reached from an extension page: a Playwright handle on the worker goes stale if the worker restarts.
    await expect.poll(() => page.evaluate(() => chrome.action.getBadgeText({}))).toBe('45');
    const alarms = await page.evaluate(() => chrome.alarms.getAll());
    expect(alarms.map((a: { name: string }) => a.name)).toContain('session-end');
    await popup.close();
    await page.close();
  });

  it('works the session from the popup: done advances to the next task, pause stops the clock, +5 min adds time', async () => {
    const popup = await browser.openPage('popup.html');
    await popup.setViewportSize({ width: 320, height: 360 });
    const timeLeft = popup.getByLabel('Time left');
    const seconds = async () => {
      const [m, s] = ((await timeLeft.allTextContents())[0] ?? '0:0').split(':').map(Number);
      return m! * 60 + s!;
    };
    await expect.poll(() => popup.locator('.current').textContent()).toContain('Fix the cart total');
    const next = (await popup.locator('.next').textContent())!.replace(/^Next\s*/, '');
    await popup.getByRole('button', { name: 'Done' }).click();
    await expect.poll(async () => (await popup.locator('.current').allTextContents()).join('')).toContain(next);

    await popup.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(async () => (await popup.locator('.paused-note').allTextContents()).join('')).toBe('Paused');
    const pausedAt = await seconds();
    await popup.waitForTimeout(2_200);
    expect(await seconds()).toBe(pausedAt);
    await popup.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => popup.locator('.paused-note').count()).toBe(0);

    const before = await seconds();
    await popup.getByRole('button', { name: '+5 min' }).click();
    await expect.poll(seconds).toBeGreaterThan(before + 290);
    await screenshot(popup, 'popup-controls');

    // A Claude Code turn in this repo while the session runs: the session view shows what it did and cost.
    const logs = join(companion.home, 'claude', 'projects', 'shop');
    mkdirSync(logs, { recursive: true });
    const real = realpathSync(repo);
    const edit = [{ type: 'tool_use', id: 'tu1', name: 'Edit', input: { file_path: join(real, 'src/api.ts'), old_string: 'x', new_string: 'y' } }];
    writeFileSync(join(logs, 'today.jsonl'), `${assistantLine({ ts: new Date().toISOString(), msgId: 'm1', reqId: 'r1', cwd: real, input: 1200, output: 300, cacheRead: 50_000, model: 'claude-sonnet-4-5-20250929', content: edit })}\n`);

    // The dashboard shows the same state: the first task done with its actual minutes, the next one current.
    const page = await browser.openPage('dashboard.html');
    await expect.poll(async () => (await page.getByLabel('Current task').allTextContents()).join('')).toContain(next);
    expect(await page.locator('.task.done .task-est').first().textContent()).toMatch(/^done · \d+ of \d+ min(?!\d)/);
    const usage = page.getByLabel('Agent usage');
    await expect.poll(async () => (await usage.allTextContents()).join(''), { timeout: 15_000 }).toMatch(/\$\d+\.\d\d · 1 turn · 52k tokens · 1 conversation · claude-sonnet-4-5-20250929/);
    expect(await usage.textContent()).toContain(`: cost $`);
    expect(await usage.textContent()).toContain('Files the agents edited: src/api.ts');
    // Another turn while the page is open: the companion pushes it, no reload.
    appendFileSync(join(logs, 'today.jsonl'), `${assistantLine({ ts: new Date().toISOString(), msgId: 'm2', reqId: 'r2', cwd: real, input: 100, output: 50, model: 'claude-sonnet-4-5-20250929' })}\n`);
    await expect.poll(async () => (await usage.allTextContents()).join(''), { timeout: 15_000 }).toMatch(/ · 2 turns · /);
    await screenshot(page, 'dashboard-running');
    await page.close();
    await popup.close();
  });

  it('fires the end alarm at the (moved) deadline and raises a notification', async () => {
    const probe = await browser.openPage('dashboard.html');
    // Time cannot be waited for: move the stored deadline to 8 s from now, as if 15 minutes had passed.
    await probe.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('sessionpilot');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('sessions', 'readwrite');
            const store = tx.objectStore('sessions');
            const all = store.getAll();
            all.onsuccess = () => {
              for (const s of all.result as Array<{ status: string; deadlineAt: number }>) {
                if (s.status === 'active') store.put({ ...s, deadlineAt: Date.now() + 8_000 });
              }
            };
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
          };
        }),
    );
    await probe.evaluate(() => chrome.alarms.create('session-tick', { when: Date.now() + 100 }));
    const popup = await browser.openPage('popup.html');
    await popup.setViewportSize({ width: 320, height: 300 });
    // allTextContents() does not wait for the element, so a slow machine cannot stall the poll.
    await expect.poll(async () => (await popup.locator('.time-left').allTextContents())[0] ?? '', { timeout: 7_000 }).toMatch(/^0:0[0-8]$/);

    await expect
      .poll(async () => Object.keys(await probe.evaluate(() => chrome.notifications.getAll())), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^session-end:/)]));
    // With 8 s left, the tightest warning ("1 minute left") was announced first, and only that one.
    const ids = Object.keys(await probe.evaluate(() => chrome.notifications.getAll()));
    expect(ids.filter((id) => id.startsWith('warn:')).map((id) => id.split(':')[2])).toEqual(['1']);
    await expect.poll(async () => (await popup.locator('.ended').allTextContents()).join(''), { timeout: 5_000 }).toMatch(/Last session ended at/);
    expect(await probe.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
    await screenshot(popup, 'popup-ended');
    await popup.close();
    await probe.close();
  });

  it('shows the summary and the handoff after the end, and offers the handoff as the next goal', async () => {
    const page = await browser.openPage('dashboard.html');
    const handoff = page.getByLabel('Handoff');
    await expect.poll(async () => (await handoff.allTextContents()).join(''), { timeout: 30_000 }).toContain('# Start here tomorrow');
    const text = (await handoff.textContent())!;
    expect(text).toContain('## Next step');
    expect(text).toContain('## Unfinished');
    await page.locator('details > summary', { hasText: /^Summary$/ }).click();
    const summary = (await page.getByLabel('Summary').textContent())!;
    expect(summary).toMatch(/1 of \d+ tasks done, 0 skipped/);
    expect(summary).toContain('| Fix the cart total | done |');
    // The final scan ran: the FIXME is still in the repo, so nothing is reported resolved.
    expect(summary).toContain('## What changed in the repo');
    expect(summary).not.toContain('Resolved FIXME');
    await screenshot(page, 'dashboard-summary');
    await page.getByRole('button', { name: 'Plan the next session from this' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'Plan a session' }).getByLabel('Goal', { exact: true }).inputValue()).toMatch(/^Finish: /);
    await page.close();
  });

  it('plans and starts the next session from the popup in two clicks, then works it by keyboard', async () => {
    const popup = await browser.openPage('popup.html');
    await popup.setViewportSize({ width: 320, height: 420 });
    // The handoff's next step is offered as the goal.
    await expect.poll(async () => (await popup.locator('.quick-start').allTextContents()).join('')).toMatch(/Goal: Finish: /);
    await popup.getByRole('button', { name: 'Plan 45 min in shop' }).click();
    await expect.poll(async () => (await popup.locator('.quick-start').allTextContents()).join(''), { timeout: 20_000 }).toMatch(/\d+ tasks? · \d+ of 45 min/);
    await screenshot(popup, 'popup-quick-start');
    await popup.getByRole('button', { name: 'Start session' }).click();
    await expect.poll(async () => (await popup.locator('.time-left').allTextContents())[0] ?? '').toMatch(/^(45:00|44:[0-5]\d)$/);

    await popup.keyboard.press('p');
    await expect.poll(async () => (await popup.locator('.paused-note').allTextContents()).join('')).toBe('Paused');
    await popup.keyboard.press('p');
    await expect.poll(() => popup.locator('.paused-note').count()).toBe(0);
    const before = (await popup.locator('.current').textContent())!;
    await popup.keyboard.press('d');
    await expect.poll(async () => (await popup.locator('.current').allTextContents()).join('')).not.toBe(before);
    await popup.close();
  });

  it('says the companion is not running when it stops, and reconnects when it is back', async () => {
    const page = await browser.openPage('dashboard.html#settings');
    const status = page.locator('.companion-status');
    await expect.poll(() => status.getAttribute('data-state')).toBe('connected');
    await companion.stop();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
    expect(await page.locator('.fix code').textContent()).toBe(`npx sessionpilot serve --port ${companion.port}`);
    await screenshot(page, 'dashboard-companion-offline');
    await companion.start();
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    await screenshot(page, 'dashboard-companion');
    await page.close();
  });
});
