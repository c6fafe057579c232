import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, screenshot, type ExtensionBrowser } from './harness';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
});

describe('foundation in real Chromium', () => {
  it('loads the extension with its service worker and manifest permissions', async () => {
    const worker = await browser.serviceWorker();
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.permissions).toEqual(expect.arrayContaining(['alarms', 'notifications', 'offscreen', 'storage', 'unlimitedStorage']));
    expect(manifest).not.toHaveProperty('externally_connectable');
  });

  it('opens the popup, which links to the dashboard', async () => {
    const popup = await browser.openPage('popup.html');
    await expect.poll(() => popup.getByText('No session running.').isVisible()).toBe(true);
    await screenshot(popup, 'popup-idle');
    const [dashboard] = await Promise.all([
      browser.context.waitForEvent('page'),
      popup.getByRole('button', { name: 'Open dashboard' }).click(),
    ]);
    await dashboard.waitForLoadState();
    expect(dashboard.url()).toBe(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await dashboard.close();
  });

  it('creates a workspace, refuses bad input, and keeps it across a reload', async () => {
    const page = await browser.openPage('dashboard.html');
    await expect.poll(() => page.getByText('No workspaces yet.').isVisible()).toBe(true);
    const form = page.getByRole('form', { name: 'New workspace' });

    await form.getByLabel('Name').fill('shop');
    await form.getByLabel('Local folder').fill('relative/path');
    await form.getByRole('button', { name: 'Add workspace' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/absolute path/);

    await form.getByLabel('Local folder').fill('/home/dev/shop');
    await form.getByLabel('GitHub repo').fill('octo/shop/extra');
    await form.getByRole('button', { name: 'Add workspace' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/owner\/repo/);

    await form.getByLabel('GitHub repo').fill('octo/shop');
    await form.getByRole('button', { name: 'Add workspace' }).click();
    const list = page.getByRole('list', { name: 'Workspaces' });
    await expect.poll(() => list.getByText('shop', { exact: true }).isVisible()).toBe(true);
    expect(await list.getByText('/home/dev/shop').isVisible()).toBe(true);
    expect(await list.getByText('octo/shop').isVisible()).toBe(true);
    await screenshot(page, 'dashboard-workspaces');

    await page.reload();
    await expect.poll(() => page.getByRole('list', { name: 'Workspaces' }).getByText('/home/dev/shop').isVisible()).toBe(true);
    await page.close();
  });

  it('edits a workspace, deletes it with a warning, and undoes the delete', async () => {
    const page = await browser.openPage('dashboard.html');
    const list = page.getByRole('list', { name: 'Workspaces' });
    await expect.poll(() => list.getByText('shop', { exact: true }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Edit shop' }).click();
    const edit = page.getByRole('form', { name: 'Edit shop' });
    await edit.getByLabel('Name').fill('shop-v2');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => list.getByText('shop-v2', { exact: true }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Delete shop-v2' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete shop-v2?' });
    await expect.poll(() => confirm.textContent()).toMatch(/Nothing else is stored for it/);
    await screenshot(page, 'dashboard-delete-confirm');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByText('No workspaces yet.').isVisible()).toBe(true);
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => list.getByText('shop-v2', { exact: true }).isVisible()).toBe(true);
    await page.close();
  });
});
