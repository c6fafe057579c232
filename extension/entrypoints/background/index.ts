import { browser } from 'wxt/browser';
import { createDb } from '../../lib/db/db';
import { handleRuntimeMessage, type BackgroundDeps } from '../../lib/background/message-router';
import { senderContext } from '../../lib/background/sender-context';
import { purgeDeletedWorkspaces } from '../../lib/workspaces/workspace-store';
import { restrictStorageToTrustedContexts } from '../../lib/background/storage-access';

const PURGE_ALARM = 'purge-deleted-workspaces';

export default defineBackground(() => {
  const db = createDb();
  const deps: BackgroundDeps = {
    db,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    schedulePurge: (at) => void browser.alarms.create(PURGE_ALARM, { when: at + 500 }),
  };
  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;

  void restrictStorageToTrustedContexts();
  void purgeDeletedWorkspaces(db, Date.now());

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const from = senderContext(sender, browser.runtime.id, extensionOrigin);
    void handleRuntimeMessage(message, from, deps).then(sendResponse);
    return true; // the reply is sent asynchronously
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PURGE_ALARM) void purgeDeletedWorkspaces(db, Date.now());
  });
});
