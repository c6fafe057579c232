import { browser } from 'wxt/browser';
import { createDb } from '../../lib/db/db';
import { handleRuntimeMessage, type BackgroundDeps } from '../../lib/background/message-router';
import { senderContext } from '../../lib/background/sender-context';
import { SessionRunner } from '../../lib/background/session-runner';
import { afterSessionEnded } from '../../lib/background/after-session';
import { playChimeFromBackground } from '../../lib/audio/play-chime';
import { restrictStorageToTrustedContexts } from '../../lib/background/storage-access';
import { CompanionLink } from '../../lib/companion/companion-link';
import { clearPairing, loadPairing, savePairing } from '../../lib/companion/companion-pairing-store';
import { probeCompanion } from '../../lib/companion/probe-companion';
import type { SocketLike } from '../../lib/companion/socket-port';
import { COMPANION_STATUS_KEY } from '../../lib/snapshot/session-snapshot';
import { purgeDeletedWorkspaces } from '../../lib/workspaces/workspace-store';
import { runningSession } from '../../lib/sessions/session-store';
import { loadTheme, THEME_KEY } from '../../lib/settings/theme';
import { SignalsChangedEventSchema } from '../../../shared/protocol/methods';
import { ROLLING_BACKUP_ALARM, rollingBackupNow } from '../../lib/background/rolling-backups';

const PURGE_ALARM = 'purge-deleted-workspaces';
/** Wakes a stopped worker so the companion link comes back even after the browser idled it. */
const COMPANION_ALARM = 'companion-wake';

export default defineBackground(() => {
  const db = createDb();
  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;
  const link = new CompanionLink({
    origin: extensionOrigin,
    appVersion: browser.runtime.getManifest().version,
    open: (url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike,
    probe: probeCompanion,
    loadPairing: () => loadPairing(db),
    savePairing: (p) => savePairing(db, p),
    clearPairing: () => clearPairing(db),
    publish: (status) => void browser.storage.local.set({ [COMPANION_STATUS_KEY]: status }),
    onEvent: (name, data) => {
      const event = SignalsChangedEventSchema.safeParse(data);
      if (name === 'signals.changed' && event.success) void browser.runtime.sendMessage({ type: 'broadcast.signals', event: event.data }).catch(() => {});
      // New agent usage in the logs: open pages refresh what the session view shows.
      if (name === 'usage.changed') void browser.runtime.sendMessage({ type: 'broadcast.usage' }).catch(() => {});
    },
    onConnected: () => {
      void watchRunningWorkspace(true);
      // A reconnect backs up only when the last rolling backup is old enough.
      void rollingBackupNow(db, link, Date.now(), false);
    },
  });
  async function watchRunningWorkspace(on: boolean): Promise<void> {
    const session = await runningSession(db);
    const workspace = session ? await db.workspaces.get(session.workspaceId) : undefined;
    if (workspace) await link.request('watch', { path: workspace.path, on, extraTags: workspace.extraTags });
  }
  const runner = new SessionRunner({
    db,
    browser,
    now: () => Date.now(),
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    // Stop watching, take a last scan when the companion is there, write the summary and handoff.
    onEnded: (session) =>
      void afterSessionEnded(session, { db, link, onSummary: (id) => runner.refreshEnded(id) }).then(() => rollingBackupNow(db, link, Date.now(), true)),
    chime: playChimeFromBackground,
    notificationButtons: !import.meta.env.FIREFOX,
    openDashboard: async () => void (await browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') })),
  });
  const deps: BackgroundDeps = {
    db,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    schedulePurge: (at) => void browser.alarms.create(PURGE_ALARM, { when: at + 500 }),
    link,
    runner,
    broadcast: (message) => void browser.runtime.sendMessage(message).catch(() => {}),
    publish: async (key, value) => {
      await browser.storage.session?.set({ [key]: value });
      await browser.storage.local.set({ [key]: value });
    },
    openDashboard: async (hash) => void (await browser.tabs.create({ url: browser.runtime.getURL(`/dashboard.html${hash ? `#${hash}` : ''}`) })),
  };

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const from = senderContext(sender, browser.runtime.id, extensionOrigin);
    void handleRuntimeMessage(message, from, deps).then(sendResponse);
    return true; // the reply is sent asynchronously
  });

  browser.notifications.onButtonClicked?.addListener((id, index) => void runner.onNotificationButton(id, index));
  browser.notifications.onClicked.addListener((id) => {
    if (id.startsWith('session-end:')) void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') });
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PURGE_ALARM) void purgeDeletedWorkspaces(db, Date.now());
    else if (alarm.name === COMPANION_ALARM) void link.start();
    else if (alarm.name === ROLLING_BACKUP_ALARM) void rollingBackupNow(db, link, Date.now(), false);
    else void runner.onAlarm(alarm.name);
  });

  void restrictStorageToTrustedContexts();
  // storage.session starts empty after a browser restart: the popup's boot read finds the theme there.
  void loadTheme(db).then((theme) => deps.publish(THEME_KEY, theme));
  void purgeDeletedWorkspaces(db, Date.now());
  void browser.alarms.create(COMPANION_ALARM, { periodInMinutes: 1 });
  void browser.alarms.create(ROLLING_BACKUP_ALARM, { periodInMinutes: 60 });
  // Every worker start (install, browser start, wake-up) re-arms the clock from stored state.
  void runner.sync();
  void link.start();
});
