import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ConversationItem } from '../../../shared/protocol/agent-methods';
import { ConversationItemSchema } from '../../../shared/protocol/agent-methods';
import { assistantLine } from '../usage/log-fixtures';
import { FIXTURE_SECRETS, HOSTILE_MARKDOWN } from './agent-fixtures';
import { claudeLineItems, claudeQuestion, newClaudeReadState } from './claude-items';
import { parseCutJson } from './cut-json';
import { fixtureHome, type FixtureHome } from './test-logs';

let f: FixtureHome | undefined;
afterEach(() => {
  f?.dispose();
  f = undefined;
});

/** Every line of a transcript through the reader, as a page would (malformed lines give nothing). */
function itemsOf(lines: string[]) {
  const state = newClaudeReadState();
  const items: ConversationItem[] = [];
  let unknown = 0;
  let malformed = 0;
  lines.forEach((text, i) => {
    const parsed = parseCutJson(Buffer.from(text));
    if (!parsed.ok) {
      malformed++;
      return;
    }
    const r = claudeLineItems(parsed.value, i + 1, state);
    if (r.unknown) unknown++;
    items.push(...r.items);
  });
  return { items, unknown, malformed };
}

const ts = '2026-11-22T09:00:00.000Z';
const user = (content: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'user', sessionId: 's', cwd: '/w', message: { role: 'user', content }, timestamp: ts, ...extra });

describe('Claude Code transcript lines as conversation items', () => {
  it('reads every line kind of a real transcript in order, each item valid, nothing secret or binary left', () => {
    f = fixtureHome();
    const lines = readFileSync(f.fx.claude.file, 'utf8').split('\n').filter(Boolean);
    const { items, unknown, malformed } = itemsOf(lines);
    for (const i of items) ConversationItemSchema.parse(i);
    expect(items.map((i) => (i.kind === 'tool_use' ? `tool_use:${i.name}` : i.kind))).toEqual([
      'system', // /model command
      'system', // its output
      'user',
      'thinking',
      'assistant',
      'tool_use:Bash',
      'tool_result',
      'tool_use:Read',
      'tool_result',
      'tool_use:Edit',
      'tool_result',
      'assistant', // "Step one" once, though its line was repeated
      'tool_use:Grep',
      'tool_result',
      'tool_use:Write',
      'tool_use:TodoWrite',
      'tool_use:Task',
      'tool_result',
      'tool_result',
      'tool_result',
      'user', // image + question
      'assistant', // hostile Markdown, raw
      'system', // compact boundary
      'system', // compact summary
      'system', // summary line
      'system', // custom title
      'system', // API error
      'system', // interrupted
      'thinking', // redacted thinking
      'system', // unknown kind
      'user',
      'tool_use:Bash',
      'tool_result',
      'assistant',
    ]);
    expect(unknown).toBe(1);
    expect(malformed).toBe(2); // the line cut mid-file and the one still being written
    const text = JSON.stringify(items);
    for (const secret of Object.values(FIXTURE_SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain('iVBORw0KGgo');
    expect(text).toContain('[image]');
    expect(items.find((i) => i.kind === 'assistant' && i.text === HOSTILE_MARKDOWN)).toBeTruthy();
    const bash = items.find((i) => i.kind === 'tool_result' && i.isError);
    expect(bash).toMatchObject({ toolUseId: 'toolu_bash', text: expect.stringContaining('[REDACTED]') });
    const long = items.filter((i) => i.kind === 'tool_result').at(-1)!;
    expect(long.kind === 'tool_result' && long.text.length).toBe(4_000);
    expect(long.kind === 'tool_result' && long.omittedChars).toBeGreaterThan(190_000);
    expect(items.find((i) => i.kind === 'tool_use' && i.name === 'Grep')).toMatchObject({ summary: expect.stringMatching(/^reduce\\\( in /) });
    expect(items.find((i) => i.kind === 'tool_use' && i.name === 'TodoWrite')).toMatchObject({ summary: '2 todos' });
    expect(items.find((i) => i.kind === 'user' && i.text.includes('linter'))).toMatchObject({ text: 'Now run the linter please' });
  });

  it('shows a response streamed as one block per line once per block, and one whose lines repeat earlier blocks without repeats', () => {
    const line = (msgId: string, content: unknown[]) => assistantLine({ ts, msgId, reqId: `r-${msgId}`, content });
    const perBlock = itemsOf([line('m1', [{ type: 'thinking', thinking: 'hmm' }]), line('m1', [{ type: 'text', text: 'Answer' }]), line('m1', [{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: '/w/a.ts' } }])]);
    expect(perBlock.items.map((i) => i.kind)).toEqual(['thinking', 'assistant', 'tool_use']);
    const growing = itemsOf([line('m2', [{ type: 'text', text: 'One' }]), line('m2', [{ type: 'text', text: 'One' }, { type: 'text', text: 'Two' }]), line('m2', [{ type: 'text', text: 'One' }, { type: 'text', text: 'Two' }])]);
    expect(growing.items.map((i) => i.kind === 'assistant' && i.text)).toEqual(['One', 'Two']);
    // The same words in the next response are shown again.
    const next = itemsOf([line('m3', [{ type: 'text', text: 'Done.' }]), line('m4', [{ type: 'text', text: 'Done.' }])]);
    expect(next.items).toHaveLength(2);
  });

  it('marks a subagent’s lines as sidechain and its prompt as not the user’s', () => {
    const { items } = itemsOf([user('Search for float sums', { isSidechain: true }), assistantLine({ ts, msgId: 's1', sidechain: true, content: [{ type: 'text', text: 'Found none.' }] })]);
    expect(items).toMatchObject([
      { kind: 'system', text: 'Prompt to a subagent:\nSearch for float sums' },
      { kind: 'assistant', isSidechain: true, text: 'Found none.' },
    ]);
    expect(claudeQuestion(JSON.parse(user('Search', { isSidechain: true })))).toBeNull();
  });

  it('takes only typed words as questions: not tool results, commands, caveats, reminders or compaction summaries', () => {
    const q = (line: string) => claudeQuestion(JSON.parse(line))?.text ?? null;
    expect(q(user('Fix it'))).toBe('Fix it');
    expect(q(user([{ type: 'text', text: '<system-reminder>x</system-reminder>Fix it too' }]))).toBe('Fix it too');
    expect(q(user([{ type: 'tool_result', tool_use_id: 't', content: 'ok' }]))).toBeNull();
    expect(q(user('<command-name>/clear</command-name>'))).toBeNull();
    expect(q(user('<local-command-stdout>done</local-command-stdout>'))).toBeNull();
    expect(q(user('Caveat: The messages below were generated by the user while running local commands.', { isMeta: true }))).toBeNull();
    expect(q(user('This session is being continued…', { isCompactSummary: true }))).toBeNull();
    expect(q(user('[Request interrupted by user]'))).toBeNull();
  });

  it('names encoded images in a tool’s input instead of sending them', () => {
    const data = `data:image/png;base64,${'iVBORw0KGgo'.repeat(200)}`;
    const { items } = itemsOf([assistantLine({ ts, msgId: 'img', content: [{ type: 'tool_use', id: 't', name: 'mcp__browser__upload', input: { image: data, raw: 'QUJD'.repeat(300) } }] })]);
    expect(items[0]).toMatchObject({ kind: 'tool_use', input: expect.stringContaining('[binary data, 2222 characters]') });
    expect(JSON.stringify(items)).not.toContain('iVBORw0KGgo');
    expect(JSON.stringify(items)).not.toContain('QUJDQUJD');
  });

  it('cuts long text and says how much was left out, redacting a secret that straddles the cut', () => {
    const text = `${'a'.repeat(15_990)} ${FIXTURE_SECRETS.anthropic} ${'b'.repeat(50_000)}`;
    const { items } = itemsOf([user(text)]);
    expect(items[0]).toMatchObject({ kind: 'user' });
    const item = items[0] as { text: string; omittedChars: number };
    expect(item.text.length).toBeLessThanOrEqual(16_000);
    expect(item.text).not.toContain('sk-ant-api03-Fx');
    expect(item.omittedChars).toBe(text.length - 16_000);
  });
});
