import { posix } from 'node:path';
import { z } from 'zod';
import { parseTimestamp } from './log-timestamp';
import type { UsageRecord } from './usage-record';

const count = z.number().int().nonnegative().catch(0);
const RawUsageSchema = z.object({
  input_tokens: count.default(0),
  cached_input_tokens: count.default(0),
  output_tokens: count.default(0),
  reasoning_output_tokens: count.default(0),
  total_tokens: count.default(0),
});
type RawUsage = z.infer<typeof RawUsageSchema>;

const CodexLineSchema = z.object({
  timestamp: z.string().optional(),
  type: z.string(),
  payload: z
    .object({
      type: z.string().optional(),
      id: z.string().optional(),
      cwd: z.string().optional(),
      model: z.string().optional(),
      name: z.string().optional(),
      arguments: z.string().optional(),
      input: z.string().optional(),
      info: z
        .object({
          total_token_usage: RawUsageSchema.nullish(),
          last_token_usage: RawUsageSchema.nullish(),
          model: z.string().optional(),
        })
        .nullish(),
    })
    .loose()
    .optional(),
});

/** What a Codex session log's reader carries from one line to the next (kept between imports). */
export const CodexStateSchema = z.object({
  sessionId: z.string().nullable(),
  cwd: z.string().nullable(),
  model: z.string().nullable(),
  previousTotals: z.array(z.number()).length(5).nullable(),
  pendingFiles: z.array(z.string()),
});
export type CodexState = z.infer<typeof CodexStateSchema>;

export const newCodexState = (): CodexState => ({ sessionId: null, cwd: null, model: null, previousTotals: null, pendingFiles: [] });

/** Needles that find every line the reader needs; all other lines are never parsed. */
export const CODEX_NEEDLES = ['"token_count"', '"turn_context"', '"session_meta"', 'apply_patch'].map((s) => Buffer.from(s));

const toTuple = (u: RawUsage) => [u.input_tokens, u.cached_input_tokens, u.output_tokens, u.reasoning_output_tokens, u.total_tokens];
const PATCH_FILE = /\*\*\* (?:Update|Add|Delete) File: ([^\n]+)/g;

function patchedFiles(text: string, cwd: string | null): string[] {
  const files: string[] = [];
  for (const m of text.matchAll(PATCH_FILE)) {
    const f = m[1]!.trim();
    files.push(cwd && !f.startsWith('/') ? posix.join(cwd, f) : f);
  }
  return files;
}

/** A tool call's arguments are JSON (`{"command":["apply_patch","*** Begin Patch…"]}`) or the patch itself. */
function patchTexts(body: string): string[] {
  let inner: unknown;
  try {
    inner = JSON.parse(body);
  } catch {
    return [body];
  }
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.includes('*** Begin Patch')) out.push(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(inner);
  return out;
}

export type CodexLineOutcome = UsageRecord | 'malformed' | 'skipped';

/**
 * One Codex rollout line: `turn_context` sets the model, `event_msg` / `token_count` gives one
 * turn's usage (its `last_token_usage` while the cumulative total advances, else the difference of
 * totals, as ccusage does; a repeated total is not counted twice). Input tokens include the cached
 * ones in Codex's numbers; they are split into input and cache reads like ccusage reports them.
 */
export function readCodexLine(text: string, state: CodexState, fileSessionId: string): CodexLineOutcome {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'malformed';
  }
  const parsed = CodexLineSchema.safeParse(raw);
  if (!parsed.success) return 'skipped';
  const { type, payload, timestamp } = parsed.data;
  if (!payload) return 'skipped';
  if (type === 'session_meta') {
    state.sessionId = payload.id ?? state.sessionId;
    state.cwd = payload.cwd ?? state.cwd;
    return 'skipped';
  }
  if (type === 'turn_context') {
    state.model = payload.model ?? state.model;
    state.cwd = payload.cwd ?? state.cwd;
    return 'skipped';
  }
  if (type === 'response_item') {
    const body = payload.name === 'apply_patch' || payload.name === 'shell' ? (payload.input ?? payload.arguments ?? '') : '';
    if (body.includes('*** Begin Patch')) {
      for (const patch of patchTexts(body)) {
        for (const f of patchedFiles(patch, state.cwd)) if (!state.pendingFiles.includes(f)) state.pendingFiles.push(f);
      }
    }
    return 'skipped';
  }
  if (type !== 'event_msg' || payload.type !== 'token_count') return 'skipped';
  const ms = timestamp === undefined ? null : parseTimestamp(timestamp.trim());
  if (ms === null) return 'skipped';
  const info = payload.info;
  const total = info?.total_token_usage ? toTuple(info.total_token_usage) : null;
  const prev = state.previousTotals;
  const advanced = total === null || prev === null || total.some((v, i) => v !== prev[i]);
  let usage: number[] | null = null;
  if (info?.last_token_usage && advanced) usage = toTuple(info.last_token_usage);
  else if (total) usage = total.map((v, i) => Math.max(0, v - (prev?.[i] ?? 0)));
  if (total) state.previousTotals = total;
  if (!usage) return 'skipped';
  const [input, cached, output, reasoning] = usage as [number, number, number, number, number];
  if (input === 0 && cached === 0 && output === 0 && reasoning === 0) return 'skipped';
  const model = payload.model ?? info?.model ?? state.model ?? 'gpt-5';
  const files = state.pendingFiles.length ? state.pendingFiles : null;
  state.pendingFiles = [];
  return {
    agent: 'codex',
    timestamp: ms,
    sessionId: state.sessionId ?? fileSessionId,
    messageId: null,
    requestId: null,
    isSidechain: false,
    model,
    cwd: state.cwd,
    costUSD: null,
    inputTokens: Math.max(0, input - cached),
    outputTokens: output,
    cacheCreationTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: cached,
    files,
  };
}
