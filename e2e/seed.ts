import type { Page } from 'playwright-core';

/**
 * Writes rows straight into the extension's IndexedDB from one of its pages, as the background
 * would have (the page must have opened the database once, e.g. the dashboard). Used to set up
 * states time cannot be waited for: a session near its end, years of history.
 */
export async function putRows(page: Page, rows: Record<string, unknown[]>): Promise<void> {
  await page.evaluate(
    (rowsByStore) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sessionpilot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(Object.keys(rowsByStore), 'readwrite');
          for (const [store, list] of Object.entries(rowsByStore)) for (const row of list) tx.objectStore(store).put(row);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    rows,
  );
}

/** Moves the running session's stored deadline (as if time had passed) and asks the background to re-check the clock. */
export async function moveDeadline(page: Page, sessionId: string, msFromNow: number): Promise<number> {
  return page.evaluate(
    ({ id, ms }) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('sessionpilot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('sessions', 'readwrite');
          const store = tx.objectStore('sessions');
          const deadline = Date.now() + ms;
          const get = store.get(id);
          get.onsuccess = () => store.put({ ...get.result, deadlineAt: deadline });
          tx.oncomplete = () => {
            db.close();
            void chrome.runtime.sendMessage({ type: 'clock.sync' }).then(() => resolve(deadline));
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { id: sessionId, ms: msFromNow },
  );
}

/** A workspace and a planned session (status "selecting") with its tasks, ready for "Start session". */
export function plannedSession(id: string, budgetMinutes: number, titles: Array<[string, number]>) {
  const now = Date.now();
  return {
    workspaces: [{ id: `ws-${id}`, name: 'clockwork', path: '/nowhere/clockwork', createdAt: now, updatedAt: now }],
    sessions: [{ id, workspaceId: `ws-${id}`, goal: 'Keep time', budgetMinutes, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'selecting', planner: 'offline', createdAt: now }],
    tasks: titles.map(([title, estimateMinutes], order) => ({
      id: `${id}-t${order}`,
      sessionId: id,
      order,
      title,
      category: 'feature',
      estimateMinutes,
      rationale: '',
      sources: ['goal'],
      status: 'pending',
      notes: '',
      createdAt: now,
      updatedAt: now,
    })),
  };
}
