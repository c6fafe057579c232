import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, screenshot, type ExtensionBrowser } from './harness';
import { moveDeadline, plannedSession, putRows } from './seed';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
});

afterAll(async () => {
  await browser?.close();
  if (browser) rmSync(browser.profileDir, { recursive: true, force: true });
});

const notificationIds = async (page: import('playwright-core').Page) => Object.keys(await page.evaluate(() => chrome.notifications.getAll()));

/** Seeds a planned session and starts it from the dashboard, as a person would. */
async function startSeeded(id: string, budget = 15) {
  const page = await browser.openPage('dashboard.html');
  await putRows(page, plannedSession(id, budget, [['Write the parser', 5], ['Wire the CLI', 5]]));
  await page.reload();
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect.poll(async () => (await page.getByLabel('Time left').allTextContents())[0] ?? '').toMatch(new RegExp(`^(${budget}:00|${budget - 1}:[0-5]\\d)$`));
  return page;
}

/** Reads the popup's countdown as seconds. */
async function popupSeconds(): Promise<number> {
  const popup = await browser.openPage('popup.html');
  await expect.poll(async () => (await popup.locator('.time-left').allTextContents()).length).toBe(1);
  const [m, s] = (await popup.locator('.time-left').textContent())!.split(':').map(Number);
  await popup.close();
  return m! * 60 + s!;
}

async function stopServiceWorker(page: import('playwright-core').Page): Promise<void> {
  const cdp = await browser.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`));
  expect(worker).toBeDefined();
  await cdp.send('Target.closeTarget', { targetId: worker!.targetId });
  await cdp.detach();
}

describe('the session clock in real Chromium', () => {
  it('warns at the configured time with a chime, then ends on time with a notification', async () => {
    const page = await startSeeded('clock-a');
    const saved = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'settings.clock.save', settings: { warnings: [1], sound: true, volume: 0.5, autoAdvance: true, overtimeNudge: false } }));
    expect(saved).toMatchObject({ ok: true });

    // 1 min 4 s left: the 1-minute warning is due in 4 s.
    const t0 = Date.now();
    await moveDeadline(page, 'clock-a', 64_000);
    await expect.poll(() => notificationIds(page), { timeout: 10_000 }).toContain('warn:clock-a:1');
    const warnedAfter = Date.now() - t0;
    expect(warnedAfter).toBeGreaterThan(3_000);
    expect(warnedAfter).toBeLessThan(7_500);
    // The chime is played by the offscreen document the background opened for it.
    await expect.poll(() => page.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as never] })).length)).toBe(1);

    const t1 = Date.now();
    await moveDeadline(page, 'clock-a', 5_000);
    await expect.poll(() => notificationIds(page), { timeout: 12_000 }).toContain('session-end:clock-a');
    const endedAfter = Date.now() - t1;
    expect(endedAfter).toBeGreaterThan(4_000);
    expect(endedAfter).toBeLessThan(8_000);
    const events = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const open = indexedDB.open('sessionpilot');
          open.onsuccess = () => {
            const req = open.result.transaction('events').objectStore('events').getAll();
            req.onsuccess = () => resolve((req.result as Array<{ sessionId: string; type: string }>).filter((e) => e.sessionId === 'clock-a').map((e) => e.type));
          };
        }),
    );
    expect(events.filter((t) => t === 'alarm_warning')).toHaveLength(1);
    expect(events).toContain('session_completed');
    await page.close();
  });

  it('keeps the right time after the service worker is stopped, and its alarm still ends the session', async () => {
    const page = await startSeeded('clock-b');
    const deadline = await moveDeadline(page, 'clock-b', 10 * 60_000);
    const expected = () => Math.ceil((deadline - Date.now()) / 1000);
    expect(Math.abs((await popupSeconds()) - expected())).toBeLessThanOrEqual(2);

    await stopServiceWorker(page);
    // The popup paints from the stored snapshot; opening it also wakes a fresh worker.
    expect(Math.abs((await popupSeconds()) - expected())).toBeLessThanOrEqual(2);

    await moveDeadline(page, 'clock-b', 6_000);
    await stopServiceWorker(page);
    await expect.poll(() => notificationIds(page), { timeout: 15_000 }).toContain('session-end:clock-b');
    await page.close();
  });

  it('keeps the right time across a browser restart on the same profile', async () => {
    const page = await startSeeded('clock-c', 30);
    const deadline = await moveDeadline(page, 'clock-c', 20 * 60_000);
    await page.close();
    await browser.close({ keepProfile: true });
    browser = await launchExtension({ profileDir: browser.profileDir });

    expect(Math.abs((await popupSeconds()) - Math.ceil((deadline - Date.now()) / 1000))).toBeLessThanOrEqual(2);
    const probe = await browser.openPage('dashboard.html');
    await expect.poll(async () => (await probe.evaluate(() => chrome.alarms.getAll())).map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['session-end', 'session-tick']));
    expect((await probe.evaluate(() => chrome.alarms.get('session-end')))?.scheduledTime).toBe(deadline);
    await expect.poll(() => probe.evaluate(() => chrome.action.getBadgeText({}))).toMatch(/^(20|19)$/);
    await screenshot(probe, 'dashboard-after-restart');
    await probe.close();
  });
});
