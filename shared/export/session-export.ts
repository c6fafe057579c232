import type { SessionEvent } from '../domain/event';
import type { Session } from '../domain/session';
import type { Task } from '../domain/task';
import { escapeHtml as esc } from '../text/html-escape';
import { mdInline } from '../text/markdown-inline';

export interface SessionExportInput {
  session: Session;
  workspaceName: string;
  tasks: readonly Task[];
  events: readonly SessionEvent[];
  review?: { rating: string; note: string } | null;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** One session as JSON: the rows as stored, for scripts. */
export function sessionToJson(input: SessionExportInput): string {
  return `${JSON.stringify({ format: 'sessionpilot-session', version: 1, workspace: input.workspaceName, session: input.session, tasks: input.tasks, events: input.events, review: input.review ?? null }, null, 2)}\n`;
}

/** One session as Markdown: every piece of user or repo text escaped, so it renders as written. */
export function sessionToMarkdown(input: SessionExportInput): string {
  const { session, tasks } = input;
  const lines = [
    `# ${session.goal ? mdInline(session.goal) : 'Session'}`,
    '',
    `${mdInline(input.workspaceName)} · ${iso(session.startedAt ?? session.createdAt)} · ${session.status} · ${session.budgetMinutes} min budget`,
    '',
    '## Tasks',
    '',
    '| # | Task | Category | Status | Estimate | Actual |',
    '| ---: | --- | --- | --- | ---: | ---: |',
    ...tasks.map((t, i) => `| ${i + 1} | ${mdInline(t.title, 200)} | ${t.category} | ${t.status.replace('_', ' ')} | ${t.estimateMinutes} min | ${t.actualMinutes !== undefined ? `${Math.round(t.actualMinutes)} min` : '–'} |`),
    '',
  ];
  const notes = tasks.filter((t) => t.notes.trim());
  if (notes.length) lines.push('## Notes', '', ...notes.map((t) => `- ${mdInline(t.title, 120)}: ${mdInline(t.notes, 2000)}`), '');
  if (input.review) lines.push('## Review', '', `${input.review.rating.replace('_', ' ')}${input.review.note ? `: ${mdInline(input.review.note, 2000)}` : ''}`, '');
  // The summary and handoff are already Markdown written with escaped text (or Claude's, shown as written).
  if (session.summary) lines.push(session.summary.trim(), '');
  if (session.handoff) lines.push(session.handoff.trim(), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * One session as a standalone HTML page: every text escaped, and a Content-Security-Policy that
 * allows no script, no remote anything, so nothing in it can run or call out when opened.
 */
export function sessionToHtml(input: SessionExportInput): string {
  const { session, tasks } = input;
  const rows = tasks
    .map((t, i) => `<tr><td>${i + 1}</td><td>${esc(t.title)}</td><td>${esc(t.category)}</td><td>${esc(t.status.replace('_', ' '))}</td><td>${t.estimateMinutes} min</td><td>${t.actualMinutes !== undefined ? `${Math.round(t.actualMinutes)} min` : '–'}</td></tr>`)
    .join('\n');
  const notes = tasks.filter((t) => t.notes.trim()).map((t) => `<li><strong>${esc(t.title)}</strong>: ${esc(t.notes)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(session.goal || 'Session')} · SessionPilot</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:760px;margin:2em auto;padding:0 1em;color:#1d2330}table{border-collapse:collapse}td,th{border-bottom:1px solid #d9dde5;padding:4px 8px;text-align:left}pre{white-space:pre-wrap;background:#f6f7f9;padding:8px}</style>
</head>
<body>
<h1>${esc(session.goal || 'Session')}</h1>
<p>${esc(input.workspaceName)} · ${esc(iso(session.startedAt ?? session.createdAt) ?? '')} · ${esc(session.status)} · ${session.budgetMinutes} min budget</p>
<h2>Tasks</h2>
<table><tr><th>#</th><th>Task</th><th>Category</th><th>Status</th><th>Estimate</th><th>Actual</th></tr>
${rows}
</table>
${notes ? `<h2>Notes</h2><ul>${notes}</ul>` : ''}
${input.review ? `<h2>Review</h2><p>${esc(input.review.rating.replace('_', ' '))}${input.review.note ? `: ${esc(input.review.note)}` : ''}</p>` : ''}
${session.summary ? `<h2>Summary</h2><pre>${esc(session.summary)}</pre>` : ''}
${session.handoff ? `<h2>Start here tomorrow</h2><pre>${esc(session.handoff)}</pre>` : ''}
</body>
</html>
`;
}
