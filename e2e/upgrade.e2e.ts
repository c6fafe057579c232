import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionBrowser } from './harness';
import { SCHEMA_VERSIONS } from '../extension/lib/db/schema-versions';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
});

afterAll(async () => {
  await browser?.close();
});

const V1 = SCHEMA_VERSIONS.find((v) => v.version === 1)!.stores as Record<string, string>;
const t = Date.UTC(2026, 9, 1, 9);
/** Rows as the first release stored them, in every v1 table. */
const V1_ROWS: Record<string, Array<Record<string, unknown>>> = {
  workspaces: [{ id: 'w1', name: 'shop', path: '/src/shop', githubRepo: 'octo/shop', extraTags: ['NOTE'], createdAt: t, updatedAt: t }],
  sessions: Array.from({ length: 40 }, (_, i) => ({
    id: `s${i}`, workspaceId: 'w1', goal: `Old goal ${i}`, budgetMinutes: 60, focus: { bugs: 1, features: 0.5, refactor: 0 },
    status: 'completed', planner: 'offline', createdAt: t + i * 86_400_000, startedAt: t + i * 86_400_000, deadlineAt: t + i * 86_400_000 + 3_600_000, endedAt: t + i * 86_400_000 + 3_600_000,
  })),
  tasks: Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, sessionId: `s${i}`, order: 0, title: `Task ${i}`, category: 'bug', estimateMinutes: 20, rationale: '', sources: ['goal'], status: 'done', notes: 'n', actualMinutes: 25, createdAt: t, updatedAt: t })),
  events: Array.from({ length: 40 }, (_, i) => ({ sessionId: `s${i}`, at: t + i * 86_400_000, type: 'session_started' })),
  signals: [{ id: 'marker:a.ts:1', kind: 'marker', sessionId: 's0', file: 'a.ts', line: 1, tag: 'TODO', text: 'TODO: x' }],
  backlog: [{ id: 'b1', workspaceId: 'w1', title: 'Queued', createdAt: t }],
  agentRuns: [{ id: 'r1', sessionId: 's0', startedAt: t }],
  reviews: [{ id: 'v1', sessionId: 's3', rating: 'needs_fix', note: 'flaky', createdAt: t }],
  settings: [{ key: 'clock', value: { warnings: [10], sound: false, volume: 0.3, autoAdvance: true, overtimeNudge: true } }],
};

/** Stops the extension's service worker so nothing holds the database open. */
async function stopServiceWorker(page: Page): Promise<void> {
  const cdp = await browser.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
  const worker = targetInfos.find((w) => w.type === 'service_worker' && w.url.startsWith(`chrome-extension://${browser.extensionId}/`));
  if (worker) await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  await cdp.detach();
}

/**
 * Builds the database exactly as Dexie created schema v1 (IndexedDB version = Dexie version × 10;
 * `++id` is an auto-incremented key, `[a+b]` a compound index), from the shipped v1 declaration.
 */
function writeV1(page: Page): Promise<number> {
  return page.evaluate(
    ({ stores, rows }) =>
      new Promise<number>((resolve, reject) => {
        const del = indexedDB.deleteDatabase('sessionpilot');
        del.onerror = () => reject(del.error);
        del.onsuccess = () => {
          const open = indexedDB.open('sessionpilot', 10);
          open.onupgradeneeded = () => {
            const db = open.result;
            for (const [name, spec] of Object.entries(stores)) {
              const [primary, ...indexes] = spec.split(',').map((s) => s.trim());
              const auto = primary!.startsWith('++');
              const store = db.createObjectStore(name, { keyPath: primary!.replace(/^\+\+/, ''), autoIncrement: auto });
              for (const index of indexes) {
                const compound = /^\[(.+)\]$/.exec(index);
                store.createIndex(index, compound ? compound[1]!.split('+') : index);
              }
            }
          };
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(Object.keys(rows), 'readwrite');
            for (const [name, list] of Object.entries(rows)) for (const row of list) tx.objectStore(name).add(row);
            tx.oncomplete = () => {
              const version = db.version;
              db.close();
              resolve(version);
            };
            tx.onerror = () => reject(tx.error);
          };
        };
      }),
    { stores: V1, rows: V1_ROWS },
  );
}

function dump(page: Page): Promise<{ version: number; stores: string[]; rows: Record<string, unknown[]> }> {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('sessionpilot');
        open.onsuccess = () => {
          const db = open.result;
          const stores = [...db.objectStoreNames];
          const tx = db.transaction(stores);
          const rows: Record<string, unknown[]> = {};
          for (const s of stores) {
            const req = tx.objectStore(s).getAll();
            req.onsuccess = () => (rows[s] = req.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve({ version: db.version, stores: stores.sort(), rows });
          };
        };
      }),
  );
}

describe('a v1 database in real Chromium', () => {
  it('opens at v2 with every v1 row intact and shows its history', async () => {
    // The popup never opens the database, so it can rewrite it once the worker is stopped.
    const popup = await browser.openPage('popup.html');
    await stopServiceWorker(popup);
    expect(await writeV1(popup)).toBe(10);

    const dashboard = await browser.openPage('dashboard.html');
    await expect.poll(async () => (await dashboard.getByRole('list', { name: 'Past sessions' }).locator('li').count()), { timeout: 15_000 }).toBeGreaterThan(0);
    const after = await dump(dashboard);
    expect(after.version).toBe(20);
    expect(after.stores).toContain('agentReviews');
    for (const [table, rows] of Object.entries(V1_ROWS)) {
      const stored = after.rows[table] as Array<Record<string, unknown>>;
      expect(stored, table).toHaveLength(rows.length);
      for (const row of rows) expect(stored, table).toContainEqual(table === 'events' ? expect.objectContaining(row) : row);
    }
    // The upgraded history is usable: search finds an old session and its review.
    await dashboard.getByLabel('Search goals and workspaces').fill('Old goal 3');
    await expect.poll(async () => (await dashboard.getByRole('list', { name: 'Past sessions' }).allTextContents()).join('')).toContain('Old goal 3');
    await popup.close();
    await dashboard.close();
  });
});
