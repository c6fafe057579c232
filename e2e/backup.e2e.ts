import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readdirSync } from 'node:fs';
import { launchExtension, screenshot, type ExtensionBrowser } from './harness';
import { CompanionProcess, freePort } from './companion-process';
import { pairThroughDashboard } from './pairing';
import { putRows } from './seed';

let browser: ExtensionBrowser;
let dir: string;

beforeAll(async () => {
  browser = await launchExtension();
  dir = mkdtempSync(join(tmpdir(), 'sp-e2e-backup-'));
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const STORES = ['workspaces', 'sessions', 'tasks', 'events', 'signals', 'backlog', 'agentRuns', 'reviews', 'settings', 'agentReviews'];

/** Every row of every table, events without their local auto-increment id. */
function dump(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(
    (stores) =>
      new Promise((resolve) => {
        const open = indexedDB.open('sessionpilot');
        open.onsuccess = () => {
          const tx = open.result.transaction(stores);
          const out: Record<string, unknown[]> = {};
          for (const s of stores) {
            const req = tx.objectStore(s).getAll();
            req.onsuccess = () => (out[s] = (req.result as Array<Record<string, unknown>>).map((r) => (s === 'events' ? { ...r, id: undefined } : r)));
          }
          tx.oncomplete = () => {
            open.result.close();
            resolve(out);
          };
        };
      }),
    STORES,
  );
}

describe('backups in real Chromium', () => {
  it('export → wipe → import gives back every row; a corrupt file is refused and changes nothing', async () => {
    const page = await browser.openPage('dashboard.html#settings');
    const t = Date.UTC(2026, 10, 1);
    const sessions = Array.from({ length: 30 }, (_, i) => ({ id: `s${i}`, workspaceId: 'w', goal: `Goal ${i} <b>bold</b>`, budgetMinutes: 60, focus: { bugs: 1, features: 0.5, refactor: 0 }, status: 'completed', createdAt: t + i, startedAt: t + i, deadlineAt: t + i + 3_600_000, endedAt: t + i + 3_600_000, summary: `# Summary ${i}` }));
    await putRows(page, {
      workspaces: [{ id: 'w', name: 'shop', path: '/src/shop', githubRepo: 'octo/app', createdAt: t, updatedAt: t }],
      sessions,
      tasks: sessions.flatMap((s, i) => [0, 1, 2].map((k) => ({ id: `${s.id}-t${k}`, sessionId: s.id, order: k, title: `Task ${k} of ${i}`, category: 'bug', estimateMinutes: 10, rationale: '', sources: ['goal'], status: 'done', notes: 'note', actualMinutes: 12.5, createdAt: t, updatedAt: t }))),
      events: sessions.map((s) => ({ sessionId: s.id, at: s.startedAt, type: 'session_started' })),
      backlog: [{ id: 'b1', workspaceId: 'w', title: 'Queued item', url: 'https://github.com/octo/app/issues/3', createdAt: t }],
      settings: [{ key: 'clock', value: { warnings: [15, 5], sound: false, volume: 0.3, autoAdvance: false, overtimeNudge: true } }],
    });
    await page.reload();
    const before = await dump(page);

    const exported = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export backup' }).click();
    const file = join(dir, 'backup.json');
    await (await exported).saveAs(file);
    expect(JSON.parse(readFileSync(file, 'utf8')).tables.tasks).toHaveLength(90);

    // A wiped profile.
    await page.evaluate(
      (stores) =>
        new Promise<void>((resolve) => {
          const open = indexedDB.open('sessionpilot');
          open.onsuccess = () => {
            const tx = open.result.transaction(stores, 'readwrite');
            for (const s of stores) tx.objectStore(s).clear();
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
          };
        }),
      STORES,
    );
    await page.reload();
    expect((await dump(page)).tasks).toEqual([]);

    // A truncated file and a foreign one are refused with the reason.
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, readFileSync(file, 'utf8').slice(0, 5000));
    await page.getByLabel('Backup file').setInputFiles(truncated);
    await expect.poll(async () => (await page.getByRole('alert').allTextContents()).join('')).toBe('This file is not valid JSON: it may be truncated or damaged. Nothing was changed.');
    const foreign = join(dir, 'package.json');
    writeFileSync(foreign, '{"name":"x","version":"1.0.0"}');
    await page.getByLabel('Backup file').setInputFiles(foreign);
    await expect.poll(async () => (await page.getByRole('alert').allTextContents()).join('')).toBe('This file is not a SessionPilot backup. Nothing was changed.');
    expect((await dump(page)).tasks).toEqual([]);

    await page.getByLabel('Backup file').setInputFiles(file);
    const preview = page.getByLabel('Import preview');
    await expect.poll(async () => (await preview.allTextContents()).join('')).toContain('Tasks90900');
    await screenshot(page, 'dashboard-import-preview');
    const auto = page.waitForEvent('download');
    await preview.getByRole('button', { name: 'Replace everything' }).click();
    expect((await auto).suggestedFilename()).toMatch(/^sessionpilot-auto-backup-.+\.json$/);
    await expect.poll(async () => (await page.getByRole('status').allTextContents()).join('')).toMatch(/Replaced: 1\d\d rows written\./);
    expect(await dump(page)).toEqual(before);
    await page.close();
  });

  it('while connected the companion keeps a rolling backup, and a fresh profile restores everything from it', async () => {
    const companion = new CompanionProcess(await freePort());
    await companion.start();
    let fresh: ExtensionBrowser | undefined;
    try {
      // The first test left 30 sessions here; connecting takes the first rolling backup by itself.
      await pairThroughDashboard(browser, companion);
      const backupsDir = join(companion.home, 'backups');
      const stored = () => { try { return readdirSync(backupsDir).filter((n) => /^sessionpilot-backup-.*\.json$/.test(n)); } catch { return []; } };
      await expect.poll(stored, { timeout: 15_000 }).toHaveLength(1);
      const onDisk = JSON.parse(readFileSync(join(backupsDir, stored()[0]!), 'utf8'));
      expect(onDisk.tables.sessions).toHaveLength(30);
      expect(JSON.stringify(onDisk)).not.toContain('companion.pairing');

      const page = await browser.openPage('dashboard.html#settings');
      const card = page.getByLabel('Backups kept by the companion');
      await expect.poll(async () => (await card.getByRole('status').allTextContents()).join('')).toMatch(/Last backup .* · 1 kept in .*backups/);
      await card.getByRole('button', { name: 'Back up now' }).click();
      await expect.poll(async () => (await card.allTextContents()).join('')).toContain('Nothing changed since the last backup');
      expect(stored()).toHaveLength(1);
      const before = await dump(page);
      await page.close();

      // A wiped profile: a new browser profile paired with the same companion.
      fresh = await launchExtension();
      await pairThroughDashboard(fresh, companion);
      const restorePage = await fresh.openPage('dashboard.html');
      const offer = restorePage.getByRole('region', { name: 'Restore your SessionPilot data' });
      await expect.poll(async () => (await offer.allTextContents()).join(''), { timeout: 15_000 }).toContain('30 sessions, 90 tasks, 1 workspace)');
      await screenshot(restorePage, 'dashboard-restore-offer');
      await offer.getByRole('button', { name: 'Review and restore…' }).click();
      await expect.poll(async () => (await offer.getByLabel('Import preview').allTextContents()).join('')).toContain('Tasks90900');
      await offer.getByRole('button', { name: 'Merge' }).click();
      await expect.poll(async () => (await restorePage.getByRole('status').allTextContents()).join('')).toMatch(/Restored: \d+ rows written\./);
      const after = await dump(restorePage);
      for (const table of STORES.filter((t) => t !== 'settings')) expect(after[table], table).toEqual(before[table]);
      const plain = (rows: unknown[]) => (rows as Array<{ key: string }>).filter((r) => !/pairing|secret|backup\.rolling/.test(r.key));
      expect(plain(after.settings!)).toEqual(plain(before.settings!));
    } finally {
      await fresh?.close();
      await companion.dispose();
    }
  });
});
