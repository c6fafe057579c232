/** storage.local keys the background writes for the popup (zod-free, so the popup's boot script stays tiny). */
export const SNAPSHOT_KEY = 'snapshot';
export const COMPANION_STATUS_KEY = 'companionStatus';
