import { redactSecrets } from './redact';

export const MAX_MARKER_TEXT = 240;

/** The text shown for a marker line: trimmed, cut around the marker when long, secrets redacted. */
export function markerText(line: string, tagIndex: number): string {
  const redacted = redactSecrets(line.trim());
  if (redacted.length <= MAX_MARKER_TEXT) return redacted;
  const lead = line.length - line.trimStart().length;
  // Redaction shortens secrets, so measure the tag's offset in the redacted text, not the raw line.
  const at = Math.min(redactSecrets(line.slice(lead, Math.max(lead, tagIndex))).length, redacted.length);
  const start = Math.max(0, at - 40);
  const end = Math.min(redacted.length, start + MAX_MARKER_TEXT);
  return `${start > 0 ? '…' : ''}${redacted.slice(start, end)}${end < redacted.length ? '…' : ''}`;
}

export interface LineMarker {
  line: number;
  tag: string;
  text: string;
  /** The enclosing function, class or heading, where cheap to tell. */
  context?: string;
}
