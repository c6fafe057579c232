import { describe, expect, it } from 'vitest';
import type { AgentSessionSummary, ConversationItem } from '../protocol/agent-methods';
import { agentSessionToHtml, agentSessionToJson, agentSessionToMarkdown, parseAgentSessionJson, type AgentSessionExportInput } from './agent-session-export';
import { agentCostText, omittedText } from './agent-session-export-text';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '![](https://evil.example/p.png)',
  '<script>alert(2)</script>',
  '<iframe src="https://evil.example/"></iframe>',
  '<a href="data:text/html,<script>alert(3)</script>">d</a>',
  '```\nfence inside\n```',
  '````` five',
].join('\n');

const session: AgentSessionSummary = {
  agent: 'claude',
  sessionId: 'abc-123',
  cwd: '/src/shop',
  startedAt: Date.UTC(2026, 10, 20, 9, 0),
  endedAt: Date.UTC(2026, 10, 20, 9, 40),
  title: '<b>Fix</b> the [cart](javascript:x)',
  models: ['claude-sonnet-4-5'],
  turns: 12,
  userMessages: 3,
  inputTokens: 100,
  outputTokens: 200,
  cacheCreationTokens: 300,
  cacheReadTokens: 400,
  totalTokens: 1000,
  cost: null,
  unpricedModels: [],
  files: ['src/cart.ts'],
  lines: 42,
};

const at = Date.UTC(2026, 10, 20, 9, 1);
const items: ConversationItem[] = [
  { kind: 'user', at, line: 1, text: `Please look.\n${HOSTILE}`, omittedChars: 0 },
  { kind: 'thinking', at, line: 2, text: 'Hmm <script>', omittedChars: 5 },
  { kind: 'assistant', at, line: 3, text: `**Sure.**\n${HOSTILE}`, omittedChars: 0, model: 'claude-sonnet-4-5', isSidechain: false },
  { kind: 'tool_use', at, line: 4, toolUseId: 't1', name: 'Bash', summary: 'npm test <x>', input: '{"command":"npm test"}', omittedChars: 0 },
  { kind: 'tool_result', at, line: 5, toolUseId: 't1', isError: true, text: 'x'.repeat(2000), omittedChars: 12_345 },
  { kind: 'assistant', at: null, line: 6, text: 'from a subagent', omittedChars: 0, model: null, isSidechain: true },
  { kind: 'system', at, line: 7, text: 'Conversation compacted', omittedChars: 0 },
];

const input: AgentSessionExportInput = {
  session,
  items,
  workspaceName: 'shop',
  review: { rating: 'needs_fix', note: 'tests <u>fail</u>', links: ['codex:s2'] },
  complete: true,
  exportedAt: at,
};

describe('agent-session export', () => {
  it('JSON round-trips: parsed back, it holds the same summary, items and review', () => {
    const parsed = parseAgentSessionJson(agentSessionToJson(input));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.items).toEqual(items);
    expect(parsed.value.session).toEqual(session);
    expect(parsed.value.review).toEqual(input.review);
    expect(parsed.value.workspace).toBe('shop');
    expect(parsed.value.complete).toBe(true);
  });

  it('JSON reading refuses other files with a value, not a throw', () => {
    expect(parseAgentSessionJson('nope')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(parseAgentSessionJson('{"format":"sessionpilot-session"}')).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('HTML: every text escaped, a CSP that lets nothing run or load, long results folded, thinking folded', () => {
    const html = agentSessionToHtml(input);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    // The only tags are ours: no script, image, frame, link or inline handler from the log.
    expect(html).not.toMatch(/<script|<img|<iframe|<a[\s>]|<b>|<u>|<[a-z][^>]*\son\w+=/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;Fix&lt;/b&gt; the [cart](javascript:x)');
    expect(html).toContain('<details><summary>Thinking</summary>');
    expect(html).toContain('<details><summary>Show 2,000 characters</summary>');
    expect(html).toContain('… 12,345 more characters not shown');
    expect(html).toContain('Assistant · sidechain');
    expect(html).toContain('<section class="item tool_result error">');
    expect(html).toContain('<dt>Cost</dt><dd>price unknown</dd>');
  });

  it('Markdown: headings escaped, bodies fenced so nothing in them is a link, image or HTML', () => {
    const md = agentSessionToMarkdown(input);
    expect(md.startsWith('# \\<b\\>Fix\\</b\\> the \\[cart\\](javascript:x)\n')).toBe(true);
    expect(md).toContain('- **Cost:** price unknown');
    expect(md).toContain('- **Review:** Needs fix: tests \\<u\\>fail\\</u\\>');
    // The assistant body contains a 5-backtick run, so its fence has six.
    expect(md).toContain(`\`\`\`\`\`\`markdown\n**Sure.**\n${HOSTILE}\n\`\`\`\`\`\``);
    expect(md).toContain('#### Tool call: Bash — npm test \\<x\\>');
    expect(md).toContain('*… 12,345 more characters not shown*');
    // Outside the fences, no raw markup survives.
    const outside = md.replace(/^(`{3,})[a-z]*\n[\s\S]*?\n\1$/gm, '');
    expect(outside).not.toMatch(/(?<!\\)<[a-z]|(?<!\\)\]\(/i);
  });

  it('says when the export holds the first part only', () => {
    expect(agentSessionToMarkdown({ ...input, complete: false })).toContain('> This export stopped before the end');
    expect(agentSessionToHtml({ ...input, complete: false })).toContain('<p class="warning">This export stopped before the end');
  });
});

describe('agent-session wording', () => {
  it('never shows $0 for an unpriced session', () => {
    expect(agentCostText(null, [])).toBe('price unknown');
    expect(agentCostText(null, ['mystery-1'])).toBe('price unknown for mystery-1');
    expect(agentCostText(1.234, ['mystery-1'])).toBe('$1.23 + price unknown for mystery-1');
    expect(agentCostText(0.001, [])).toBe('$<0.01');
    expect(agentCostText(0, [])).toBe('$0.00');
  });
  it('says how much text was cut', () => {
    expect(omittedText(12_345)).toBe('… 12,345 more characters not shown');
    expect(omittedText(1)).toBe('… 1 more character not shown');
  });
});
