import { MARKER_TAGS } from '../../../shared/domain/marker-tags';

// Apart from the marker reader, so a scan answered from the cache need not load the reader at all.

export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export function sanitizeExtraTags(tags: readonly string[] | undefined): string[] {
  // A leading '-' could read as an option where a tag is passed to git grep (-e keeps it safe, still refused).
  return [...new Set(tags ?? [])].filter((t) => /^[A-Za-z0-9_][A-Za-z0-9_-]{0,31}$/.test(t) && !(MARKER_TAGS as readonly string[]).includes(t)).slice(0, 20);
}
