import { z } from 'zod';
import { AgentSessionSummarySchema, ConversationItemSchema, type AgentSessionSummary, type ConversationItem } from '../protocol/agent-methods';
import { fail, ok, type Result } from '../result';
import { escapeHtml as esc } from '../text/html-escape';
import { mdFence } from '../text/markdown-fence';
import { mdInline } from '../text/markdown-inline';
import { AGENT_LABEL, AGENT_RATING_LABEL, agentCostText, countText, omittedText, type AgentRating } from './agent-session-export-text';

export interface AgentReviewExport {
  rating: AgentRating;
  note: string;
  /** Other agent sessions this one is linked to (`claude:<id>`). */
  links: string[];
}

export interface AgentSessionExportInput {
  session: AgentSessionSummary;
  items: readonly ConversationItem[];
  workspaceName: string | null;
  review: AgentReviewExport | null;
  /** False when the export stopped at its page limit before the end of the log; the file says so. */
  complete: boolean;
  exportedAt: number;
}

const FORMAT = 'sessionpilot-agent-session';
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One agent session as JSON: the summary and every item as the companion sent them, for scripts. */
export function agentSessionToJson(input: AgentSessionExportInput): string {
  const doc = {
    format: FORMAT,
    version: 1,
    exportedAt: iso(input.exportedAt),
    complete: input.complete,
    workspace: input.workspaceName,
    session: input.session,
    review: input.review,
    items: input.items,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const AgentSessionJsonSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  complete: z.boolean(),
  workspace: z.string().nullable(),
  session: AgentSessionSummarySchema,
  review: z.object({ rating: z.enum(['ok', 'needs_fix', 'reverted', 'partial']), note: z.string(), links: z.array(z.string()) }).nullable(),
  items: z.array(ConversationItemSchema),
});
export type AgentSessionJson = z.infer<typeof AgentSessionJsonSchema>;

/** Reads a JSON export back (a file from anywhere: parsed, never trusted). */
export function parseAgentSessionJson(text: string): Result<AgentSessionJson, 'invalid'> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('invalid', 'This file is not JSON.');
  }
  const parsed = AgentSessionJsonSchema.safeParse(raw);
  return parsed.success ? ok(parsed.data) : fail('invalid', 'This file is not a SessionPilot agent-session export.');
}

/** The facts at the top of every export, as label and plain text. */
function facts(input: AgentSessionExportInput): Array<[string, string]> {
  const s = input.session;
  const rows: Array<[string, string]> = [
    ['Agent', `${AGENT_LABEL[s.agent]} · session ${s.sessionId}`],
    ['Folder', s.cwd ?? 'unknown'],
  ];
  if (input.workspaceName) rows.push(['Workspace', input.workspaceName]);
  rows.push(
    ['Time', `${iso(s.startedAt)} – ${iso(s.endedAt)}`],
    ['Models', s.models.join(', ') || 'none'],
    ['Turns', `${countText(s.turns)} (${countText(s.userMessages)} user messages, ${countText(s.lines)} log lines)`],
    ['Tokens', `${countText(s.totalTokens)} (input ${countText(s.inputTokens)}, output ${countText(s.outputTokens)}, cache write ${countText(s.cacheCreationTokens)}, cache read ${countText(s.cacheReadTokens)})`],
    ['Cost', agentCostText(s.cost, s.unpricedModels)],
  );
  if (input.review) {
    rows.push(['Review', `${AGENT_RATING_LABEL[input.review.rating]}${input.review.note ? `: ${input.review.note}` : ''}`]);
    if (input.review.links.length) rows.push(['Linked sessions', input.review.links.join(', ')]);
  }
  return rows;
}

/** What heads an item: who spoke or what ran, and when. Plain text, escaped by the caller. */
function itemHeading(item: ConversationItem): string {
  const when = item.at === null ? '' : ` · ${iso(item.at)}`;
  switch (item.kind) {
    case 'user':
      return `User${when}`;
    case 'assistant':
      return `Assistant${item.model ? ` (${item.model})` : ''}${item.isSidechain ? ' · sidechain' : ''}${when}`;
    case 'thinking':
      return `Thinking${when}`;
    case 'tool_use':
      return `Tool call: ${item.name}${item.summary ? ` — ${item.summary}` : ''}${when}`;
    case 'tool_result':
      return `Tool result${item.isError ? ' (error)' : ''}${when}`;
    case 'system':
      return `System${when}`;
    default: {
      const unreachable: never = item;
      return String(unreachable);
    }
  }
}

function itemBody(item: ConversationItem): string {
  return item.kind === 'tool_use' ? item.input : item.text;
}

const NOT_COMPLETE = 'This export stopped before the end of the session (it holds the first part only).';

/**
 * One agent session as Markdown. Everything the log says is untrusted: headings are escaped inline,
 * and bodies sit in fenced code blocks longer than any fence inside them, so nothing renders as
 * a link, an image or HTML wherever the file is opened.
 */
export function agentSessionToMarkdown(input: AgentSessionExportInput): string {
  const lines = [`# ${mdInline(input.session.title || 'Agent session', 200)}`, ''];
  for (const [label, value] of facts(input)) lines.push(`- **${label}:** ${mdInline(value, 2000)}`);
  lines.push('');
  if (!input.complete) lines.push(`> ${NOT_COMPLETE}`, '');
  lines.push('## Conversation', '');
  for (const item of input.items) {
    const level = item.kind === 'user' ? '###' : '####';
    lines.push(`${level} ${mdInline(itemHeading(item), 1200)}`, '');
    const body = itemBody(item);
    if (body) lines.push(mdFence(body, item.kind === 'assistant' ? 'markdown' : item.kind === 'tool_use' ? 'json' : ''), '');
    if (item.omittedChars > 0) lines.push(`*${mdInline(omittedText(item.omittedChars))}*`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Bodies longer than this fold into <details> in the HTML export, as in the dashboard. */
const FOLD_CHARS = 1200;

function htmlItem(item: ConversationItem): string {
  const body = itemBody(item);
  const omitted = item.omittedChars > 0 ? `<p class="omitted">${esc(omittedText(item.omittedChars))}</p>` : '';
  const heading = `<h3>${esc(itemHeading(item))}</h3>`;
  const pre = body ? `<pre>${esc(body)}</pre>` : '';
  const foldable = item.kind === 'thinking' || ((item.kind === 'tool_use' || item.kind === 'tool_result') && body.length > FOLD_CHARS);
  const content = foldable ? `<details><summary>${item.kind === 'thinking' ? 'Thinking' : `Show ${countText(body.length)} characters`}</summary>${pre}</details>` : pre;
  return `<section class="item ${item.kind}${item.kind === 'tool_result' && item.isError ? ' error' : ''}">${heading}${content}${omitted}</section>`;
}

/**
 * One agent session as a standalone HTML page: every text escaped (Markdown shown as written), and
 * a Content-Security-Policy that allows no script and no remote anything.
 */
export function agentSessionToHtml(input: AgentSessionExportInput): string {
  const title = input.session.title || 'Agent session';
  const dl = facts(input)
    .map(([label, value]) => `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)} · SessionPilot</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#1d2330}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{font-weight:600}dd{margin:0}h3{font-size:13px;margin:1.2em 0 .3em;color:#5d6677}.user h3{color:#3355d1}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f7f9;padding:8px;border-radius:6px;margin:0}.tool_result.error pre{border-left:3px solid #b42318}.omitted{color:#5d6677;font-style:italic;margin:.2em 0}.warning{background:#fff4d6;padding:8px}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<dl>${dl}</dl>
${input.complete ? '' : `<p class="warning">${esc(NOT_COMPLETE)}</p>`}
<h2>Conversation</h2>
${input.items.map(htmlItem).join('\n')}
</body>
</html>
`;
}
