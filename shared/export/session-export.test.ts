import { describe, expect, it } from 'vitest';
import type { Session } from '../domain/session';
import type { Task } from '../domain/task';
import { sessionToHtml, sessionToJson, sessionToMarkdown } from './session-export';

const session: Session = { id: 's', workspaceId: 'w', goal: '<script>alert(1)</script> cart', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', createdAt: 0, startedAt: 0, summary: '# Summary\n<img src=x onerror=alert(2)>', handoff: '# Start here tomorrow' };
const tasks: Task[] = [{ id: 't', sessionId: 's', order: 0, title: '[x](javascript:alert(3)) <b>fix</b>', category: 'bug', estimateMinutes: 20, rationale: '', sources: ['goal'], status: 'done', notes: '"quoted" & <i>noted</i>', actualMinutes: 25, createdAt: 0, updatedAt: 0 }];
const input = { session, workspaceName: 'shop', tasks, events: [{ sessionId: 's', at: 0, type: 'session_started' as const }], review: { rating: 'needs_fix', note: '<u>redo</u>' } };

describe('per-session export', () => {
  it('HTML: every text escaped, and a CSP that lets nothing run or load', () => {
    const html = sessionToHtml(input);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<u>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; cart');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;i&gt;noted&lt;/i&gt;');
  });

  it('Markdown: titles and notes inert, the table and review present', () => {
    const md = sessionToMarkdown(input);
    expect(md).toContain('# \\<script\\>alert(1)\\</script\\> cart');
    expect(md).toContain('| 1 | \\[x\\](javascript:alert(3)) \\<b\\>fix\\</b\\> | bug | done | 20 min | 25 min |');
    expect(md).toContain('## Review\n\nneeds fix: \\<u\\>redo\\</u\\>');
  });

  it('JSON: the rows as stored', () => {
    const json = JSON.parse(sessionToJson(input));
    expect(json).toMatchObject({ format: 'sessionpilot-session', version: 1, session: { id: 's' }, tasks: [{ id: 't', actualMinutes: 25 }], review: { rating: 'needs_fix' } });
  });
});
