import { describe, expect, it } from 'vitest';
import { readClaudeLine } from './claude-line';
import { assistantLine, toolResultLine } from './log-fixtures';

const read = (line: string) => {
  const b = Buffer.from(line);
  return readClaudeLine(b, 0, b.length);
};

describe('readClaudeLine', () => {
  it('reads usage, ids, session, cwd, sidechain and the 5m/1h cache split from an assistant line', () => {
    const r = read(assistantLine({ ts: '2025-06-01T10:00:00.123Z', input: 5, output: 90, cacheWrite: 300, cacheWrite1h: 100, cacheRead: 4000, sidechain: true }));
    expect(r).toMatchObject({
      timestamp: Date.parse('2025-06-01T10:00:00.123Z'),
      sessionId: 'session-1',
      requestId: 'req_01',
      messageId: 'msg_01',
      model: 'claude-sonnet-4-20250514',
      isSidechain: true,
      cwd: '/home/dev/app',
      inputTokens: 5,
      outputTokens: 90,
      cacheCreationTokens: 300,
      cacheWrite1hTokens: 100,
      cacheReadTokens: 4000,
      files: [],
    });
  });

  it('collects the files of Edit, Write, MultiEdit and NotebookEdit tool uses, not of Read', () => {
    const content = [
      { type: 'tool_use', id: 't1', name: 'Edit', input: { file_path: '/home/dev/app/a.ts', old_string: 'x', new_string: 'y' } },
      { type: 'tool_use', id: 't2', name: 'Read', input: { file_path: '/home/dev/app/b.ts' } },
      { type: 'tool_use', id: 't3', name: 'NotebookEdit', input: { notebook_path: '/home/dev/app/n.ipynb', new_source: 'z' } },
      { type: 'tool_use', id: 't4', name: 'Write', input: { file_path: '/home/dev/app/"quoted" \\ é.ts', content: 'q'.repeat(5000) } },
    ];
    const r = read(assistantLine({ ts: '2025-06-01T10:00:00.000Z', content }));
    expect(typeof r === 'object' && r.files).toEqual(['/home/dev/app/a.ts', '/home/dev/app/n.ipynb', '/home/dev/app/"quoted" \\ é.ts']);
  });

  it('reads an agent-progress line by its nested message', () => {
    const line = JSON.stringify({
      type: 'progress',
      sessionId: 'session-9',
      cwd: '/w',
      timestamp: '2025-06-02T00:00:09.000Z',
      data: { type: 'agent_progress', message: { type: 'assistant', timestamp: '2025-06-02T00:00:05.000Z', requestId: 'req_9', isSidechain: true, message: { id: 'msg_9', model: 'claude-haiku-4-5-20251001', usage: { input_tokens: 1, output_tokens: 2 } } } },
    });
    expect(read(line)).toMatchObject({ sessionId: 'session-9', requestId: 'req_9', messageId: 'msg_9', isSidechain: true, timestamp: Date.parse('2025-06-02T00:00:05.000Z'), outputTokens: 2 });
  });

  it('drops lines ccusage drops: non-semver version, null or empty ids, fractional counts, missing output, zoneless or microsecond times', () => {
    const ts = '2025-06-01T10:00:00.000Z';
    expect(read(assistantLine({ ts, version: 'abc' }))).toBe('invalid');
    expect(read(assistantLine({ ts, session: '' }))).toBe('invalid');
    expect(read(assistantLine({ ts }).replace('"requestId":"req_01"', '"requestId":null'))).toBe('invalid');
    expect(read(assistantLine({ ts }).replace('"output_tokens":7', '"output_tokens":7.5'))).toBe('invalid');
    expect(read(assistantLine({ ts }).replace('"output_tokens":7,', ''))).toBe('invalid');
    expect(read(assistantLine({ ts: '2025-06-01T10:00:00' }))).toBe('invalid');
    expect(read(assistantLine({ ts: '2025-06-01T10:00:00.123456Z' }))).toBe('invalid');
    expect(read(assistantLine({ ts, version: '2.0.1-beta' }))).toMatchObject({ outputTokens: 7 });
  });

  it('says malformed for cut or broken JSON and no_usage for lines without message usage', () => {
    const whole = assistantLine({ ts: '2025-06-01T10:00:00.000Z' });
    expect(read(whole.slice(0, whole.length - 20))).toBe('malformed');
    expect(read(`${whole}}`)).toBe('malformed');
    expect(read('not json "usage":{')).toBe('malformed');
    expect(read(toolResultLine('2025-06-01T10:00:00.000Z', 'output'))).toBe('no_usage');
    expect(read(JSON.stringify({ type: 'user', timestamp: '2025-06-01T10:00:00.000Z', toolUseResult: { usage: { input_tokens: 1, output_tokens: 1 } } }))).toBe('no_usage');
  });
});
