import { MARKER_TAGS } from '../domain/marker';
import { redactSecrets } from './redact';

export const MAX_MARKER_TEXT = 240;

/** Escapes a tag so extra per-workspace tags cannot inject regex syntax. */
function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The marker regex: the tags as case-sensitive whole words, where a word character is
 * [A-Za-z0-9_] as in `git grep -E '\b…\b'`.
 */
export function markerPattern(extraTags: readonly string[] = []): RegExp {
  const tags = [...MARKER_TAGS, ...extraTags.filter((t) => /^[A-Za-z0-9_-]{1,32}$/.test(t))];
  return new RegExp(`\\b(${tags.map(escapeRegex).join('|')})\\b`);
}

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
}

/** Finds markers in one file's text; lines are 1-based, split on \n like git grep. */
export function findMarkersInText(text: string, pattern: RegExp): LineMarker[] {
  const found: LineMarker[] = [];
  if (!pattern.test(text)) return found;
  const global = new RegExp(pattern.source, 'g');
  let lineNo = 1;
  let lineStart = 0;
  let lastLine = -1;
  let m: RegExpExecArray | null;
  while ((m = global.exec(text)) !== null) {
    // Advance the line counter to the match.
    let nl = text.indexOf('\n', lineStart);
    while (nl !== -1 && nl < m.index) {
      lineNo++;
      lineStart = nl + 1;
      nl = text.indexOf('\n', lineStart);
    }
    const lineEnd = nl === -1 ? text.length : nl;
    if (lineNo !== lastLine) {
      let line = text.slice(lineStart, lineEnd);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      found.push({ line: lineNo, tag: m[1] ?? '', text: markerText(line, m.index - lineStart) });
      lastLine = lineNo;
    }
    // One hit per line, as git grep reports lines: jump to the next line.
    global.lastIndex = lineEnd + 1;
    if (nl === -1) break;
  }
  return found;
}
