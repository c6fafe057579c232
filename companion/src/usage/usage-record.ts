/** One response's usage as imported, before pricing; both agents share the shape. */
export interface UsageRecord {
  agent: 'claude' | 'codex';
  timestamp: number;
  sessionId: string;
  messageId: string | null;
  requestId: string | null;
  isSidechain: boolean;
  model: string | null;
  cwd: string | null;
  /** A cost the log itself states (old Claude Code versions), used as is. */
  costUSD: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
  files: string[] | null;
}

export const recordTokens = (r: UsageRecord): number => r.inputTokens + r.outputTokens + r.cacheCreationTokens + r.cacheReadTokens;
