import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ConversationItemSchema, type ConversationItem } from '../../../shared/protocol/agent-methods';
import { FIXTURE_SECRETS, HOSTILE_MARKDOWN } from './agent-fixtures';
import { codexLineItems, codexQuestion, RESPONSE_SOURCES, type CodexSources } from './codex-items';
import { parseCutJson } from './cut-json';
import { fixtureHome, type FixtureHome } from './test-logs';

let f: FixtureHome | undefined;
afterEach(() => {
  f?.dispose();
  f = undefined;
});

function itemsOf(lines: string[], sources: CodexSources = RESPONSE_SOURCES) {
  const state = { model: null, cwdKey: null, sources };
  const items: ConversationItem[] = [];
  let unknown = 0;
  let malformed = 0;
  lines.forEach((text, i) => {
    const parsed = parseCutJson(Buffer.from(text));
    if (!parsed.ok) {
      malformed++;
      return;
    }
    const r = codexLineItems(parsed.value, i + 1, state);
    if (r.unknown) unknown++;
    items.push(...r.items);
  });
  return { items, unknown, malformed };
}

const ts = '2026-11-22T09:00:00.000Z';
const line = (type: string, payload: unknown) => JSON.stringify({ timestamp: ts, type, payload });

describe('Codex rollout lines as conversation items', () => {
  it('reads every line kind of a real rollout in order, once each though Codex writes messages twice', () => {
    f = fixtureHome();
    const { items, unknown, malformed } = itemsOf(readFileSync(f.fx.codex.file, 'utf8').split('\n').filter(Boolean));
    for (const i of items) ConversationItemSchema.parse(i);
    expect(items.map((i) => (i.kind === 'tool_use' ? `tool_use:${i.name}` : i.kind))).toEqual([
      'system', // session start
      'system', // model
      'user',
      'thinking',
      'tool_use:shell',
      'tool_result',
      'tool_use:apply_patch',
      'tool_result',
      'tool_use:shell',
      'tool_result',
      'tool_use:shell', // local_shell_call
      'tool_use:web_search',
      'assistant',
      'system', // turn aborted
      'system', // compacted
      'system', // model change
      'user',
      'assistant',
      'system', // unknown kind
    ]);
    expect(unknown).toBe(1);
    expect(malformed).toBe(1);
    expect(items.filter((i) => i.kind === 'user').map((i) => i.kind === 'user' && i.text)).toEqual(f.fx.codex.questions);
    expect(items.find((i) => i.kind === 'assistant')).toMatchObject({ text: HOSTILE_MARKDOWN, model: 'gpt-5-codex' });
    expect(items.filter((i) => i.kind === 'assistant').at(-1)).toMatchObject({ model: 'gpt-5' });
    expect(items.find((i) => i.kind === 'tool_use' && i.name === 'apply_patch')).toMatchObject({ summary: 'Update src/report.ts', toolUseId: 'call_2' });
    expect(items.find((i) => i.kind === 'tool_use' && i.name === 'shell')).toMatchObject({ summary: 'rg -n "report" src' });
    expect(items.filter((i) => i.kind === 'tool_result').map((i) => i.kind === 'tool_result' && i.isError)).toEqual([false, false, true]);
    const text = JSON.stringify(items);
    expect(text).not.toContain(FIXTURE_SECRETS.anthropic);
    expect(text).not.toContain('AGENTS.md');
    expect(text).not.toContain('environment_context');
  });

  it('uses the events when a log has no response items of that kind', () => {
    const { items } = itemsOf(
      [line('event_msg', { type: 'user_message', message: 'Only as an event' }), line('event_msg', { type: 'agent_reasoning', text: 'thinking…' }), line('event_msg', { type: 'agent_message', message: 'Reply' })],
      { eventUser: true, eventAgent: true, eventReasoning: true },
    );
    expect(items.map((i) => i.kind)).toEqual(['user', 'thinking', 'assistant']);
    expect(codexQuestion(JSON.parse(line('event_msg', { type: 'user_message', message: '<environment_context>x</environment_context>' })), { eventUser: true, eventAgent: true, eventReasoning: true })).toBeNull();
  });

  it('reads the older rollout format whose lines are the items themselves', () => {
    const { items } = itemsOf([
      JSON.stringify({ id: 'old-1', timestamp: ts, instructions: null }),
      JSON.stringify({ record_type: 'state' }),
      JSON.stringify({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Old question' }] }),
      JSON.stringify({ type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: 'c1' }),
      JSON.stringify({ type: 'function_call_output', call_id: 'c1', output: { content: 'denied', success: false } }),
      JSON.stringify({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Old answer' }] }),
    ]);
    expect(items).toMatchObject([
      { kind: 'system', text: 'Codex session started.' },
      { kind: 'user', text: 'Old question' },
      { kind: 'tool_use', name: 'shell', summary: 'ls' },
      { kind: 'tool_result', isError: true, text: 'denied' },
      { kind: 'assistant', text: 'Old answer' },
    ]);
  });

  it('shows images as a word, never their data', () => {
    const { items } = itemsOf([line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo' }, { type: 'input_text', text: 'What is this?' }] })]);
    expect(items).toMatchObject([{ kind: 'user', text: '[image]\nWhat is this?' }]);
  });
});
