import { z } from 'zod';
import type { FocusWeights } from '../domain/focus';
import type { Signal } from '../domain/signal';
import { PlannedTaskSchema, type PlannedTask } from '../domain/task';
import { findModelPrice, type ModelPrice } from '../usage/model-prices';
import { costOfTokens } from '../usage/usage-cost';
import { calibrate, type TaskOutcome } from './calibration';
import { buildPlanPrompt, PLAN_TOOL, PLAN_TOOL_NAME } from './claude-prompt';
import { planOffline } from './offline-planner';
import { PartialTaskReader } from './partial-tasks';
import type { Plan } from './plan-shape';
import { enforcePlanRules } from './plan-rules';

/** The part of an AbortSignal the planner reads (shared/ has no DOM types; callers pass a real one). */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

/** One message to the model, in the Messages API's shape. */
export interface ClaudeRequest {
  model: string;
  max_tokens: number;
  system: string;
  messages: Array<{ role: 'user' | 'assistant'; content: unknown }>;
  tools: unknown[];
  tool_choice: { type: 'tool'; name: string };
}

/** An HTTP or network failure, as the port reports it (the SDK's errors are mapped to this). */
export interface ClaudeCallError {
  status?: number;
  message: string;
  retryAfterMs?: number;
  aborted?: boolean;
}

/**
 * What the planner needs of the Anthropic SDK: stream one request's raw server-sent events
 * (message_start … message_stop). The SDK client lives at the edge (background, CLI) and is
 * passed in; tests pass a real SDK pointed at a local fake server.
 */
export interface ClaudePort {
  stream(request: ClaudeRequest, signal: AbortSignalLike): AsyncIterable<unknown>;
}

export interface ClaudePlanInput {
  goal: string;
  budgetMinutes: number;
  focus: FocusWeights;
  signals: readonly Signal[];
  history?: readonly TaskOutcome[];
  now?: number;
  recentCommits?: ReadonlyArray<{ title: string; author: string | null }>;
}

export interface ClaudePlanDeps {
  port: ClaudePort;
  model: string;
  maxTokens?: number;
  signal?: AbortSignalLike;
  /** Each task the moment it is complete in the stream (already validated). */
  onTask?: (task: PlannedTask, index: number) => void;
  /** A repair or retry starts over: forget the tasks shown so far. */
  onRestart?: () => void;
  onStage?: (stage: string) => void;
  /** Waits between retries (the edge passes a timer; tests pass one that does not wait). */
  sleep: (ms: number) => Promise<void>;
  retries?: number;
}

export interface ClaudeUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  /** USD; null when the model has no known price. */
  cost: number | null;
}

export type ClaudePlanResult = { cancelled: true; usage: ClaudeUsage } | { cancelled: false; plan: Plan; usage: ClaudeUsage };

/** One call's tokens (from message_start and message_delta) added to the running total; cost stays null once a price is unknown. */
export function addCallUsage(usage: ClaudeUsage, call: { input: number; output: number; write: number; read: number }, price: ModelPrice | null): void {
  usage.inputTokens += call.input;
  usage.outputTokens += call.output;
  usage.cacheCreationTokens += call.write;
  usage.cacheReadTokens += call.read;
  if (price && usage.cost !== null) usage.cost += costOfTokens({ inputTokens: call.input, outputTokens: call.output, cacheCreationTokens: call.write, cacheWrite1hTokens: 0, cacheReadTokens: call.read }, price);
  else usage.cost = null;
}

const PlanInputSchema = z.object({ tasks: z.array(z.unknown()).min(1).max(60) });

const Events = {
  messageStart: z.object({ type: z.literal('message_start'), message: z.object({ usage: z.object({ input_tokens: z.number(), cache_creation_input_tokens: z.number().nullish(), cache_read_input_tokens: z.number().nullish() }).loose() }).loose() }),
  blockStart: z.object({ type: z.literal('content_block_start'), index: z.number(), content_block: z.object({ type: z.string(), id: z.string().optional(), name: z.string().optional() }).loose() }),
  blockDelta: z.object({ type: z.literal('content_block_delta'), index: z.number(), delta: z.object({ type: z.string(), partial_json: z.string().optional() }).loose() }),
  messageDelta: z.object({ type: z.literal('message_delta'), delta: z.object({ stop_reason: z.string().nullish() }).loose(), usage: z.object({ output_tokens: z.number() }).loose().optional() }),
  error: z.object({ type: z.literal('error'), error: z.object({ type: z.string(), message: z.string().optional() }).loose() }),
};

interface CallOutcome {
  toolId: string | null;
  json: string;
  stopReason: string | null;
  streamError: string | null;
}

const RETRYABLE_STREAM_ERRORS = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'disconnected']);

function isRetryable(e: ClaudeCallError): boolean {
  return e.status === undefined || e.status === 429 || e.status === 529 || e.status >= 500;
}

function sentence(e: ClaudeCallError): string {
  if (e.status === 401) return 'Claude refused the API key (401): check it in Settings.';
  if (e.status === 403) return 'Claude refused the request (403): the key may not have access to this model.';
  if (e.status === 404) return 'Claude does not know that model (404): check the model in Settings.';
  if (e.status === 400) return `Claude refused the request (400): ${e.message.slice(0, 200)}`;
  if (e.status === 429) return 'Claude is rate-limiting this key (429).';
  if (e.status === 529) return 'Claude is overloaded (529).';
  if (e.status !== undefined) return `Claude answered with an error (${e.status}).`;
  return 'Claude could not be reached (network error).';
}

function asCallError(err: unknown): ClaudeCallError {
  if (err && typeof err === 'object' && 'message' in err) {
    const e = err as Partial<ClaudeCallError> & { name?: string };
    return { status: typeof e.status === 'number' ? e.status : undefined, message: String(e.message), retryAfterMs: e.retryAfterMs, aborted: e.aborted === true || e.name === 'AbortError' };
  }
  return { message: String(err) };
}

/**
 * Plans with Claude, streaming: each task reaches `onTask` as soon as its JSON is complete. The
 * output comes through a tool whose schema is the plan shape, is validated with zod, and gets the
 * offline planner's hard rules. Malformed or truncated output gets one repair turn quoting the
 * validation error; 429 / 529 / 5xx / network errors are retried with backoff; whatever still
 * fails falls back to the offline planner with a notice. A cancel stops at once and returns no plan.
 */
export async function planWithClaude(input: ClaudePlanInput, deps: ClaudePlanDeps): Promise<ClaudePlanResult> {
  const signal: AbortSignalLike = deps.signal ?? { aborted: false };
  const sleep = deps.sleep;
  const retries = deps.retries ?? 3;
  const calibration = calibrate(input.history ?? []);
  const prompt = buildPlanPrompt({ goal: input.goal, budgetMinutes: input.budgetMinutes, focus: input.focus, signals: input.signals, calibration, ...(input.recentCommits ? { recentCommits: input.recentCommits } : {}) });
  const usage: ClaudeUsage = { calls: 0, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, cost: 0 };
  const price = findModelPrice(deps.model);
  const messages: ClaudeRequest['messages'] = [{ role: 'user', content: prompt.user }];
  const fallback = (why: string): ClaudePlanResult => {
    const offline = planOffline(input);
    return { cancelled: false, plan: { ...offline, notices: [`${why} This plan is from the offline planner.`, ...offline.notices] }, usage };
  };

  async function call(): Promise<CallOutcome> {
    const reader = new PartialTaskReader();
    const out: CallOutcome = { toolId: null, json: '', stopReason: null, streamError: null };
    let shown = 0;
    let toolIndex = -1;
    let complete = false;
    const request: ClaudeRequest = { model: deps.model, max_tokens: deps.maxTokens ?? 4096, system: prompt.system, messages, tools: [PLAN_TOOL], tool_choice: { type: 'tool', name: PLAN_TOOL_NAME } };
    usage.calls++;
    const call = { input: 0, output: 0, write: 0, read: 0 };
    for await (const raw of deps.port.stream(request, signal)) {
      const type = (raw as { type?: unknown })?.type;
      if (type === 'message_start') {
        const e = Events.messageStart.safeParse(raw);
        if (e.success) {
          call.input = e.data.message.usage.input_tokens;
          call.write = e.data.message.usage.cache_creation_input_tokens ?? 0;
          call.read = e.data.message.usage.cache_read_input_tokens ?? 0;
        }
      } else if (type === 'content_block_start') {
        const e = Events.blockStart.safeParse(raw);
        if (e.success && e.data.content_block.type === 'tool_use' && e.data.content_block.name === PLAN_TOOL_NAME) {
          toolIndex = e.data.index;
          out.toolId = e.data.content_block.id ?? null;
        }
      } else if (type === 'content_block_delta') {
        const e = Events.blockDelta.safeParse(raw);
        if (e.success && e.data.index === toolIndex && e.data.delta.partial_json !== undefined) {
          for (const text of reader.push(e.data.delta.partial_json)) {
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              continue;
            }
            const task = PlannedTaskSchema.safeParse(parsed);
            if (task.success) deps.onTask?.(task.data, shown++);
          }
        }
      } else if (type === 'message_delta') {
        const e = Events.messageDelta.safeParse(raw);
        if (e.success) {
          out.stopReason = e.data.delta.stop_reason ?? null;
          if (e.data.usage) call.output = e.data.usage.output_tokens;
        }
      } else if (type === 'message_stop') {
        complete = true;
      } else if (type === 'error') {
        const e = Events.error.safeParse(raw);
        out.streamError = e.success ? e.data.error.type : 'api_error';
      }
    }
    addCallUsage(usage, call, price);
    out.json = reader.json;
    // A stream that ends without message_stop was cut off (a dropped connection): retry, not repair.
    if (!complete && !out.streamError) out.streamError = 'disconnected';
    return out;
  }

  let repaired = false;
  let attempt = 0;
  deps.onStage?.(`Claude (${deps.model}) is planning from ${prompt.included} signals…`);
  for (;;) {
    if (signal.aborted) return { cancelled: true, usage };
    let outcome: CallOutcome;
    try {
      outcome = await call();
    } catch (err) {
      const e = asCallError(err);
      if (signal.aborted || e.aborted) return { cancelled: true, usage };
      if (isRetryable(e) && attempt < retries) {
        const wait = e.retryAfterMs ?? 1000 * 2 ** attempt;
        attempt++;
        deps.onStage?.(`${sentence(e)} Retrying in ${Math.round(wait / 1000)} s (${attempt} of ${retries})…`);
        deps.onRestart?.();
        await sleep(wait);
        continue;
      }
      return fallback(isRetryable(e) ? `${sentence(e)} It still failed after ${retries} retries.` : sentence(e));
    }
    if (signal.aborted) return { cancelled: true, usage };
    if (outcome.streamError) {
      if (RETRYABLE_STREAM_ERRORS.has(outcome.streamError) && attempt < retries) {
        const wait = 1000 * 2 ** attempt;
        attempt++;
        deps.onStage?.(`Claude's stream broke off (${outcome.streamError}). Retrying (${attempt} of ${retries})…`);
        deps.onRestart?.();
        await sleep(wait);
        continue;
      }
      return fallback(`Claude's answer broke off (${outcome.streamError}).`);
    }
    // The tool input: complete JSON, an object with a tasks array of valid tasks.
    let problem: string | null = null;
    let tasks: PlannedTask[] = [];
    let parsedInput: unknown = {};
    if (!outcome.toolId) problem = `no ${PLAN_TOOL_NAME} call was made`;
    else if (outcome.stopReason === 'max_tokens') problem = 'the answer was cut off at the token limit; make the plan shorter';
    else {
      try {
        parsedInput = JSON.parse(outcome.json || '{}');
        const shape = PlanInputSchema.safeParse(parsedInput);
        if (!shape.success) problem = `the input must be {"tasks": [...]} with 1 to 60 tasks (${shape.error.issues[0]?.message})`;
        else {
          for (const [i, t] of shape.data.tasks.entries()) {
            const task = PlannedTaskSchema.safeParse(t);
            if (!task.success) {
              const issue = task.error.issues[0]!;
              problem = `task ${i + 1}: ${issue.path.join('.') || 'task'}: ${issue.message}`;
              break;
            }
            tasks.push(task.data);
          }
        }
      } catch (err) {
        problem = `the tool input is not valid JSON (${(err as Error).message.slice(0, 120)})`;
      }
    }
    if (problem) {
      if (repaired) return fallback(`Claude's plan was still invalid after a repair (${problem}).`);
      repaired = true;
      deps.onStage?.(`Claude's plan was invalid (${problem}); asking it to fix that…`);
      deps.onRestart?.();
      const id = outcome.toolId ?? 'toolu_missing';
      if (outcome.toolId) {
        messages.push({ role: 'assistant', content: [{ type: 'tool_use', id, name: PLAN_TOOL_NAME, input: parsedInput && typeof parsedInput === 'object' && !Array.isArray(parsedInput) ? parsedInput : {} }] });
        messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, is_error: true, content: `The plan was not accepted: ${problem}. Call ${PLAN_TOOL_NAME} again with a complete, valid plan.` }] });
      } else {
        messages.push({ role: 'assistant', content: 'I will call the tool.' });
        messages.push({ role: 'user', content: `The plan was not accepted: ${problem}. Call ${PLAN_TOOL_NAME} with a complete, valid plan.` });
      }
      continue;
    }
    tasks = enforcePlanRules(tasks, input.budgetMinutes, input.signals);
    if (tasks.length === 0) return fallback('None of Claude\'s tasks survived the plan rules (budget, sources, duplicates).');
    const notices = [`Planned by Claude (${deps.model}) from ${prompt.included} of ${input.signals.length} signals.`];
    return { cancelled: false, plan: { planner: 'claude', tasks, totalMinutes: tasks.reduce((s, t) => s + t.estimateMinutes, 0), notices }, usage };
  }
}
