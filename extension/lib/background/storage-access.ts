import { browser } from 'wxt/browser';

/**
 * Content scripts can read `storage.local` and `storage.session` unless the area is restricted;
 * Chrome lets the background restrict both to trusted (extension) contexts. Firefox's content
 * scripts never see `storage.session`, and it has no setAccessLevel: nothing to do there.
 */
export async function restrictStorageToTrustedContexts(): Promise<void> {
  for (const area of [browser.storage.local, browser.storage.session] as Array<{ setAccessLevel?: (o: { accessLevel: string }) => Promise<void> }>) {
    if (typeof area?.setAccessLevel !== 'function') continue;
    try {
      await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    } catch {
      /* older browsers reject local; the secrets live in IndexedDB anyway */
    }
  }
}
