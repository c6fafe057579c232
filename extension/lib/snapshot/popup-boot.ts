import { COMPANION_STATUS_KEY, SNAPSHOT_KEY } from './storage-keys';

/** The storage keys the popup reads on open (once, started by the boot script). */
export const BOOT_KEYS = [SNAPSHOT_KEY, COMPANION_STATUS_KEY, 'theme'] as const;

/** What the boot script leaves on the popup's window for the app. */
export interface PopupBoot {
  __sessionpilotBoot?: Promise<Record<string, unknown>>;
}
