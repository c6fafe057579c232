import { redactSecrets } from '../../../../shared/text/redact';

export const MAX_MESSAGE_CHARS = 300;

// CSI and OSC escape sequences, as jest colours its failure messages.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
// A stack frame ("    at fn (file:1:2)") or vitest's location arrow ("❯ src/x.test.ts:4:39").
const STACK_FRAME = /^\s*(?:at\s|❯\s)/;

export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}

/**
 * One line a person can read: colours stripped, secrets redacted (before anything is cut, so no
 * partial secret survives), whitespace collapsed, cut to ~300 characters. Used for names too.
 */
export function cleanReportText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const oneLine = redactSecrets(stripAnsi(text)).replace(/\s+/g, ' ').trim();
  if (!oneLine) return undefined;
  return oneLine.length > MAX_MESSAGE_CHARS ? `${oneLine.slice(0, MAX_MESSAGE_CHARS - 1).trimEnd()}…` : oneLine;
}

/** The first non-empty line of a failure text. */
export function firstLine(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const redacted = redactSecrets(stripAnsi(text));
  for (const line of redacted.split(/\r?\n/)) if (line.trim()) return line;
  return undefined;
}

/** The lines of a failure text before its stack trace (at most `maxLines` non-empty ones), e.g. jest's "Expected: 3 / Received: 2". */
export function leadingLines(text: string | undefined, maxLines = 4): string | undefined {
  if (text === undefined) return undefined;
  const kept: string[] = [];
  for (const line of redactSecrets(stripAnsi(text)).split(/\r?\n/)) {
    if (STACK_FRAME.test(line)) break;
    if (!line.trim()) continue;
    kept.push(line.trim());
    if (kept.length >= maxLines) break;
  }
  return kept.length ? kept.join('\n') : undefined;
}
