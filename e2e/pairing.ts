import { expect } from 'vitest';
import type { CompanionProcess } from './companion-process';
import type { ExtensionBrowser } from './harness';

/** Pairs the extension with a running companion through the dashboard, as a person would. */
export async function pairThroughDashboard(browser: ExtensionBrowser, companion: CompanionProcess): Promise<void> {
  const page = await browser.openPage('dashboard.html#settings');
  const { code } = JSON.parse(companion.cli(['pair', '--port', String(companion.port), '--json']).stdout) as { code: string };
  const form = page.getByRole('form', { name: 'Pair with the companion' });
  await form.getByLabel('Port').fill(String(companion.port));
  await form.getByLabel('Pairing code').fill(code);
  await form.getByRole('button', { name: 'Pair' }).click();
  await expect.poll(() => page.locator('.companion-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
  await page.close();
}
