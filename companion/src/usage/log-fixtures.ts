// Builders for log lines in the real formats (Claude Code transcripts, Codex rollouts), for tests.
export interface AssistantLine {
  ts: string;
  msgId?: string | null;
  reqId?: string | null;
  session?: string | null;
  model?: string;
  input?: number;
  output?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
  cacheRead?: number;
  sidechain?: boolean;
  cwd?: string;
  version?: string;
  content?: unknown[];
}

/** One line of a Claude Code transcript as Claude Code writes it: an assistant message with usage. */
export function assistantLine(a: AssistantLine): string {
  const cacheWrite = a.cacheWrite ?? 0;
  const usage: Record<string, unknown> = {
    input_tokens: a.input ?? 3,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: a.cacheRead ?? 0,
    output_tokens: a.output ?? 7,
    service_tier: 'standard',
  };
  if (a.cacheWrite1h !== undefined) usage.cache_creation = { ephemeral_5m_input_tokens: cacheWrite - a.cacheWrite1h, ephemeral_1h_input_tokens: a.cacheWrite1h };
  const line: Record<string, unknown> = {
    parentUuid: 'p-1',
    isSidechain: a.sidechain ?? false,
    userType: 'external',
    cwd: a.cwd ?? '/home/dev/app',
    sessionId: a.session === undefined ? 'session-1' : a.session,
    version: a.version ?? '1.0.98',
    gitBranch: 'main',
    message: {
      id: a.msgId === undefined ? 'msg_01' : a.msgId,
      type: 'message',
      role: 'assistant',
      model: a.model ?? 'claude-sonnet-4-20250514',
      content: a.content ?? [{ type: 'text', text: 'Done.' }],
      stop_reason: null,
      stop_sequence: null,
      usage,
    },
    requestId: a.reqId === undefined ? 'req_01' : a.reqId,
    type: 'assistant',
    uuid: 'u-1',
    timestamp: a.ts,
  };
  for (const k of ['sessionId', 'requestId'] as const) if (line[k] === null) delete line[k];
  if ((line.message as { id: unknown }).id === null) delete (line.message as { id?: unknown }).id;
  return JSON.stringify(line);
}

/** A user line carrying a tool result (the long lines of a transcript). */
export function toolResultLine(ts: string, text: string): string {
  return JSON.stringify({
    parentUuid: 'p-2',
    isSidechain: false,
    cwd: '/home/dev/app',
    sessionId: 'session-1',
    version: '1.0.98',
    type: 'user',
    message: { role: 'user', content: [{ tool_use_id: 'toolu_1', type: 'tool_result', content: text }] },
    uuid: 'u-2',
    timestamp: ts,
    toolUseResult: { stdout: text.slice(0, 100), stderr: '', interrupted: false },
  });
}

export const codexMeta = (ts: string, cwd: string) => JSON.stringify({ timestamp: ts, type: 'session_meta', payload: { id: 'codex-session-1', timestamp: ts, cwd, originator: 'codex_cli_rs', cli_version: '0.46.0' } });
export const codexTurn = (ts: string, model: string, cwd = '/home/dev/app') => JSON.stringify({ timestamp: ts, type: 'turn_context', payload: { cwd, approval_policy: 'on-request', model, effort: 'medium', summary: 'auto' } });
const codexUsage = (u: number[]) => ({ input_tokens: u[0], cached_input_tokens: u[1], output_tokens: u[2], reasoning_output_tokens: u[3], total_tokens: u[0]! + u[2]! });
/** A token_count event; `last` omitted means only cumulative totals (older Codex versions). */
export function codexTokenCount(ts: string, total: number[], last?: number[]): string {
  const info: Record<string, unknown> = { total_token_usage: codexUsage(total), model_context_window: 272000 };
  if (last) info.last_token_usage = codexUsage(last);
  return JSON.stringify({ timestamp: ts, type: 'event_msg', payload: { type: 'token_count', info, rate_limits: null } });
}
export function codexApplyPatch(ts: string, file: string): string {
  const patch = `*** Begin Patch\n*** Update File: ${file}\n@@\n-old\n+new\n*** End Patch`;
  return JSON.stringify({ timestamp: ts, type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['apply_patch', patch] }), call_id: 'call_1' } });
}
