import { redactSecrets } from '../../../shared/text/redact';
import { CutText } from './cut-json';

/** Characters kept per kind of text sent to the extension (the rest is counted in omittedChars). */
export const TEXT_LIMITS = {
  user: 16_000,
  assistant: 32_000,
  thinking: 8_000,
  toolInput: 4_000,
  toolResult: 4_000,
  system: 2_000,
  summary: 200,
  title: 200,
  question: 300,
} as const;

/** A piece of log text: what is in memory, and how long it was in the log. */
export interface LogText {
  text: string;
  total: number;
}

/** The text of a parsed string value (cut by the reader or not); null for anything else. */
export function logText(v: unknown): LogText | null {
  if (typeof v === 'string') return { text: v, total: v.length };
  if (v instanceof CutText) return { text: v.text, total: v.total };
  return null;
}

/** A plain string of a parsed value (a cut one gives its kept part), or undefined. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof CutText) return v.text;
  return undefined;
}

/** A label before a log text, counted in its length. */
export const prefixed = (prefix: string, t: LogText): LogText => ({ text: prefix + t.text, total: prefix.length + t.total });

export function joinTexts(parts: LogText[], sep = '\n'): LogText {
  let text = '';
  let total = 0;
  for (const p of parts) {
    if (text !== '' || total > 0) {
      text += sep;
      total += sep.length;
    }
    text += p.text;
    total += p.total;
  }
  return { text, total };
}

/** Where to cut so a surrogate pair is not split. */
function cutAt(text: string, max: number): number {
  if (text.length <= max) return text.length;
  const c = text.charCodeAt(max - 1);
  return c >= 0xd800 && c <= 0xdbff ? max - 1 : max;
}

/**
 * Redacted and cut to `max` characters. Redaction runs on a little more than is kept, so a secret
 * that straddles the cut is still caught; `omittedChars` counts the log's characters left out.
 */
export function cutRedacted(t: LogText, max: number): { text: string; omittedChars: number } {
  const slack = t.text.length > max ? t.text.slice(0, cutAt(t.text, max + 512)) : t.text;
  const redacted = redactSecrets(slack);
  const whole = redacted.length <= max;
  const kept = whole ? redacted : redacted.slice(0, cutAt(redacted, max));
  // Redaction changes lengths: what was left out is counted in the log's own characters.
  const consumed = whole ? slack.length : Math.min(slack.length, cutAt(t.text, max));
  return { text: kept, omittedChars: Math.max(0, t.total - consumed) };
}

/** One line: redacted, blanks collapsed, cut to `max` with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const flat = redactSecrets(text.slice(0, max * 4 + 512)).replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, cutAt(flat, max - 1))}…`;
}

/** Parsed JSON as indented text, cut (strings inside were already cut by the reader). */
const DATA_URL = /^data:[\w.+-]+\/[\w.+-]+;base64,/;
const BASE64 = /^[A-Za-z0-9+/=\r\n]{512,}$/;

/** An encoded image or other binary data (a data: URL, or a long run of base64). */
export function isBinaryText(s: string): boolean {
  return DATA_URL.test(s) || (s.length >= 512 && BASE64.test(s));
}

/** Encoded images and other binary data in a tool's input are named, never sent. */
function scrubbed(x: unknown): unknown {
  if (x instanceof CutText) return isBinaryText(x.text) ? `[binary data, ${x.total} characters]` : `${x.text}… [${x.total - x.text.length} more characters]`;
  if (typeof x === 'string' && isBinaryText(x)) return `[binary data, ${x.length} characters]`;
  return x;
}

export function prettyJson(v: unknown): LogText {
  let text: string;
  try {
    text = JSON.stringify(v, (_k, x: unknown) => scrubbed(x), 2) ?? '';
  } catch {
    text = '';
  }
  return { text, total: text.length };
}

/** `<system-reminder>` blocks are injected by the agent, not typed by the user. */
export function withoutReminders(text: string): string {
  return text.includes('<system-reminder>') ? text.replace(/<system-reminder>[\s\S]*?(?:<\/system-reminder>|$)/g, '').trim() : text;
}
