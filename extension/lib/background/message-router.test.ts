import { beforeEach, describe, expect, it } from 'vitest';
import { createDb, type SessionPilotDb } from '../db/db';
import { handleRuntimeMessage, type BackgroundDeps } from './message-router';
import { senderContext } from './sender-context';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT_ID}`;

let db: SessionPilotDb;
let deps: BackgroundDeps;
let purgeAt: number[];

beforeEach(async () => {
  db = createDb(`router-${crypto.randomUUID()}`);
  await db.open();
  purgeAt = [];
  let n = 0;
  deps = {
    db,
    now: () => 1_000,
    newId: () => `w${++n}`,
    schedulePurge: (at) => purgeAt.push(at),
    link: {
      status: { state: 'not_paired', port: 47631, message: 'Not paired.' },
      pair: async () => ({ ok: false, error: { code: 'refused', message: 'no' } }),
      unpair: async () => ({ ok: false, error: { code: 'x', message: 'no' } }),
      retryNow: async () => {},
      request: async () => ({ ok: false, error: { code: 'companion_unavailable', message: 'The companion is not running.' } }),
    } as unknown as BackgroundDeps['link'],
    runner: { sync: async () => {}, endNow: async () => ({ ok: false, error: { code: 'not_found', message: 'gone' } }) } as unknown as BackgroundDeps['runner'],
    broadcast: () => {},
    openDashboard: async () => {},
    publish: async () => {},
  };
});

describe('sender context', () => {
  it('tells extension pages, github content scripts and everyone else apart', () => {
    expect(senderContext({ id: EXT_ID, url: `${ORIGIN}/dashboard.html` }, EXT_ID, ORIGIN)).toBe('extension_page');
    expect(senderContext({ id: EXT_ID, url: 'https://github.com/o/r/issues/1', tab: {} }, EXT_ID, ORIGIN)).toBe('github_content_script');
    expect(senderContext({ id: 'another-extension', url: `chrome-extension://another/x.html` }, EXT_ID, ORIGIN)).toBe('foreign');
    expect(senderContext({ id: EXT_ID, url: 'https://github.com.evil.example/x', tab: {} }, EXT_ID, ORIGIN)).toBe('foreign');
    expect(senderContext({ id: EXT_ID, url: `chrome-extension://${EXT_ID}evil/x` }, EXT_ID, ORIGIN)).toBe('foreign');
  });
});

describe('runtime message router', () => {
  it('saves and deletes workspaces for extension pages, scheduling the purge', async () => {
    const saved = await handleRuntimeMessage({ type: 'workspace.save', draft: { name: 'a', path: '/a' } }, 'extension_page', deps);
    expect(saved).toMatchObject({ ok: true, result: { workspace: { id: 'w1', name: 'a' }, notice: expect.stringMatching(/companion is not connected/) } });
    const deleted = await handleRuntimeMessage({ type: 'workspace.delete', id: 'w1' }, 'extension_page', deps);
    expect(deleted).toEqual({ ok: true, result: { sessions: 0, tasks: 0, backlog: 0 } });
    expect(purgeAt).toHaveLength(1);
    expect(purgeAt[0]).toBeGreaterThan(1_000);
  });

  it('refuses a folder the connected companion says does not exist, and stores nothing', async () => {
    deps.link = {
      ...deps.link,
      status: { state: 'connected', port: 1, message: '' },
      request: async () => ({ ok: false, error: { code: 'path_not_found', message: '/nope does not exist on this computer.' } }),
    } as unknown as BackgroundDeps['link'];
    const saved = await handleRuntimeMessage({ type: 'workspace.save', draft: { name: 'a', path: '/nope' } }, 'extension_page', deps);
    expect(saved).toEqual({ ok: false, error: { code: 'invalid', message: '/nope does not exist on this computer.' } });
    expect(await db.workspaces.count()).toBe(0);
  });

  it('re-checks the clock when a page asks (the popup does on open), but not for a web page', async () => {
    let syncs = 0;
    deps.runner = { ...deps.runner, sync: async () => void syncs++ } as unknown as BackgroundDeps['runner'];
    expect(await handleRuntimeMessage({ type: 'clock.sync' }, 'extension_page', deps)).toEqual({ ok: true, result: null });
    expect(await handleRuntimeMessage({ type: 'clock.sync' }, 'github_content_script', deps)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(syncs).toBe(1);
  });

  it('answers malformed messages with a typed error, never a throw', async () => {
    for (const raw of [null, 42, 'x', [], {}, { type: 'nope' }, { type: 'workspace.save' }, { type: 'workspace.delete', id: 5 }]) {
      const reply = await handleRuntimeMessage(raw, 'extension_page', deps);
      expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });

  it('refuses everything but the allow-list from a github.com content script, and everything from foreigners', async () => {
    const fromPage = await handleRuntimeMessage({ type: 'workspace.save', draft: { name: 'a', path: '/a' } }, 'github_content_script', deps);
    expect(fromPage).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await db.workspaces.count()).toBe(0);
    expect(await handleRuntimeMessage({ type: 'overlay.state', url: 'https://github.com/octo/app' }, 'github_content_script', deps)).toMatchObject({ ok: true });
    expect(await handleRuntimeMessage({ type: 'overlay.state', url: 'https://github.com/octo/app' }, 'foreign', deps)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A page may not ask for a scan of / (or of anything), nor for settings that hold keys.
    for (const raw of [{ type: 'scan.run', workspaceId: 'w1' }, { type: 'settings.ai.get' }, { type: 'settings.ai.save', anthropicKey: 'sk-ant-xxxxxxxxxxxxxxxxxxxxxxxx' }, { type: 'settings.clock.get' }, { type: 'companion.status' }, { type: 'task.finish', sessionId: 's', taskId: 't', outcome: 'done' }]) {
      expect(await handleRuntimeMessage(raw, 'github_content_script', deps)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});
