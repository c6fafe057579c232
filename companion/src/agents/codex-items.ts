import type { ConversationItem } from '../../../shared/protocol/agent-methods';
import { inputText as inputOf, resultText, timeOf, type LineItems } from './claude-items';
import { cutRedacted, joinTexts, logText, oneLine, prefixed, prettyJson, str, TEXT_LIMITS, type LogText } from './item-text';
import { toolSummary } from './tool-summary';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const plain = (text: string): LogText => ({ text, total: text.length });

/**
 * Codex writes the conversation twice: as `response_item`s (what the model saw and said) and as
 * `event_msg`s (what the UI showed). Response items are used; the events only for a log that has
 * none of that kind (some versions persist only one of the two).
 */
export interface CodexSources {
  eventUser: boolean;
  eventAgent: boolean;
  eventReasoning: boolean;
}
export const RESPONSE_SOURCES: CodexSources = { eventUser: false, eventAgent: false, eventReasoning: false };

export interface CodexReadState {
  /** The model and folder of the last turn_context (a change is shown). */
  model: string | null;
  /** folderKey of the last folder. */
  cwdKey: string | null;
  sources: CodexSources;
}

/** Text Codex adds to the conversation as if the user wrote it: instructions, environment, shell wrappers. */
const WRAPPER = /^\s*(?:<environment_context>|<user_instructions>|<INSTRUCTIONS>|# AGENTS\.md instructions|<user_shell_command>|<turn_aborted>|<permissions instructions>|<developer_instructions>)/;

/** The text of a message's content items (`input_text`, `output_text`; images as "[image]"). */
function messageText(content: unknown): LogText {
  return logText(content) ?? resultText(content);
}

/** The user's own words on a line, from the source this log uses; null for anything else. */
export function codexQuestion(v: unknown, sources: CodexSources = RESPONSE_SOURCES): LogText | null {
  const o = obj(v);
  if (!o) return null;
  const p = obj(o.payload) ?? (o.payload === undefined ? o : null);
  if (!p) return null;
  const type = str(o.type);
  let t: LogText | null = null;
  if ((type === 'response_item' || o.payload === undefined) && str(p.type) === 'message' && p.role === 'user' && !sources.eventUser) t = messageText(p.content);
  else if (type === 'event_msg' && str(p.type) === 'user_message' && sources.eventUser) {
    const kind = str(p.kind);
    if (kind && kind !== 'plain') return null;
    t = logText(p.message);
  }
  if (!t || WRAPPER.test(t.text) || t.text.trim() === '') return null;
  return t;
}

function system(at: number | null, line: number, t: LogText, max: number = TEXT_LIMITS.system): ConversationItem {
  return { kind: 'system', at, line, ...cutRedacted(t, max) };
}

/** A tool's output: a string (often JSON `{output, metadata: {exit_code}}`), content items, or `{content, success}`. */
function toolOutput(output: unknown): { text: LogText; isError: boolean } {
  const o = obj(output);
  if (o) {
    const t = logText(o.content) ?? messageText(o.content);
    return { text: t, isError: o.success === false };
  }
  const t = logText(output);
  if (t) {
    if (t.text.startsWith('{') && t.total === t.text.length && t.text.length < 4_000_000) {
      try {
        const inner = obj(JSON.parse(t.text));
        const out = inner ? logText(inner.output) : null;
        if (inner && out) {
          const code = obj(inner.metadata)?.exit_code;
          return { text: out, isError: typeof code === 'number' && code !== 0 };
        }
      } catch {
        /* plain text that starts with a brace */
      }
    }
    const exit = /^Exit code: (\d+)/.exec(t.text);
    return { text: t, isError: exit !== null && exit[1] !== '0' };
  }
  return { text: messageText(output), isError: false };
}

function toolUse(at: number | null, line: number, callId: unknown, name: string, input: unknown, inputText: LogText): ConversationItem {
  return {
    kind: 'tool_use',
    at,
    line,
    toolUseId: str(callId)?.slice(0, 200) ?? null,
    name: name.slice(0, 200),
    summary: toolSummary(name, input),
    ...inputOf(inputText),
  };
}

/** A function call's arguments are JSON in a string: parsed to show them indented (when not cut). */
function parsedArguments(args: unknown): { input: unknown; text: LogText } {
  const t = logText(args);
  if (t && t.total === t.text.length) {
    try {
      const input: unknown = JSON.parse(t.text);
      return { input, text: prettyJson(input) };
    } catch {
      return { input: t.text, text: t };
    }
  }
  return t ? { input: t.text, text: t } : { input: args, text: prettyJson(args ?? {}) };
}

function responseItems(p: Obj, at: number | null, line: number, state: CodexReadState): LineItems {
  const none: LineItems = { items: [], group: null, unknown: false };
  const type = str(p.type);
  switch (type) {
    case 'message': {
      const role = str(p.role);
      if (role === 'user') {
        const t = codexQuestion({ type: 'response_item', payload: p }, state.sources);
        return t ? { items: [{ kind: 'user', at, line, ...cutRedacted(t, TEXT_LIMITS.user) }], group: null, unknown: false } : none;
      }
      if (role === 'assistant' && !state.sources.eventAgent) {
        const t = messageText(p.content);
        if (t.text.trim() === '') return none;
        return { items: [{ kind: 'assistant', at, line, ...cutRedacted(t, TEXT_LIMITS.assistant), model: state.model, isSidechain: false }], group: null, unknown: false };
      }
      return none;
    }
    case 'reasoning': {
      if (state.sources.eventReasoning) return none;
      const parts: LogText[] = [];
      for (const list of [p.summary, p.content]) {
        if (!Array.isArray(list)) continue;
        for (const s of list) {
          const t = logText(obj(s)?.text);
          if (t && t.text.trim() !== '') parts.push(t);
        }
      }
      if (parts.length === 0) return none;
      return { items: [{ kind: 'thinking', at, line, ...cutRedacted(joinTexts(parts, '\n\n'), TEXT_LIMITS.thinking) }], group: null, unknown: false };
    }
    case 'function_call': {
      const name = str(p.name) || 'tool';
      const { input, text } = parsedArguments(p.arguments);
      return { items: [toolUse(at, line, p.call_id, name, input, text)], group: null, unknown: false };
    }
    case 'custom_tool_call': {
      const name = str(p.name) || 'tool';
      const t = logText(p.input) ?? prettyJson(p.input ?? {});
      return { items: [toolUse(at, line, p.call_id, name, t.text, t)], group: null, unknown: false };
    }
    case 'local_shell_call': {
      const action = obj(p.action);
      return { items: [toolUse(at, line, p.call_id ?? p.id, 'shell', action ?? {}, prettyJson(action ?? {}))], group: null, unknown: false };
    }
    case 'web_search_call': {
      const action = obj(p.action);
      return { items: [toolUse(at, line, p.id, 'web_search', action ?? {}, prettyJson(action ?? {}))], group: null, unknown: false };
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const out = toolOutput(p.output);
      return {
        items: [{ kind: 'tool_result', at, line, toolUseId: str(p.call_id)?.slice(0, 200) ?? null, isError: out.isError, ...cutRedacted(out.text, TEXT_LIMITS.toolResult) }],
        group: null,
        unknown: false,
      };
    }
    case 'compaction':
    case 'compaction_summary':
      return { items: [system(at, line, plain('Conversation compacted.'))], group: null, unknown: false };
    case 'ghost_snapshot':
      return none;
    default:
      return { items: [system(at, line, plain(`[response item of kind "${oneLine(type ?? 'unknown', 60)}"]`))], group: null, unknown: true };
  }
}

function eventItems(p: Obj, at: number | null, line: number, state: CodexReadState): ConversationItem[] {
  switch (str(p.type)) {
    case 'user_message': {
      const t = codexQuestion({ type: 'event_msg', payload: p }, state.sources);
      return t ? [{ kind: 'user', at, line, ...cutRedacted(t, TEXT_LIMITS.user) }] : [];
    }
    case 'agent_message': {
      const t = logText(p.message);
      if (!state.sources.eventAgent || !t || t.text.trim() === '') return [];
      return [{ kind: 'assistant', at, line, ...cutRedacted(t, TEXT_LIMITS.assistant), model: state.model, isSidechain: false }];
    }
    case 'agent_reasoning':
    case 'agent_reasoning_raw_content': {
      const t = logText(p.text);
      if (!state.sources.eventReasoning || !t || t.text.trim() === '') return [];
      return [{ kind: 'thinking', at, line, ...cutRedacted(t, TEXT_LIMITS.thinking) }];
    }
    case 'turn_aborted':
      return [system(at, line, plain(`Turn aborted${str(p.reason) ? ` (${oneLine(str(p.reason)!, 80)})` : ''}.`))];
    case 'error': {
      const t = logText(p.message);
      return [system(at, line, t ? prefixed('Error: ', t) : plain('Error.'))];
    }
    case 'entered_review_mode':
      return [system(at, line, plain('Entered review mode.'))];
    case 'exited_review_mode':
      return [system(at, line, plain('Exited review mode.'))];
    default:
      // token_count, task_started, task_complete and the UI's many progress events carry nothing to replay.
      return [];
  }
}

/** One folder as a short hash, so a cursor can carry "the folder of the last turn" in a few characters. */
export function folderKey(cwd: string | null): string | null {
  if (cwd === null) return null;
  let h = 0x811c9dc5;
  for (let i = 0; i < cwd.length; i++) h = Math.imul(h ^ cwd.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * One Codex rollout line as conversation items: the session's start, model or folder changes,
 * messages, reasoning, tool calls and their output, compaction; unknown kinds as system items.
 * Also reads the older rollout format whose lines are the response items themselves.
 */
export function codexLineItems(v: unknown, line: number, state: CodexReadState): LineItems {
  const o = obj(v);
  if (!o) return { items: [], group: null, unknown: true };
  const type = str(o.type);
  const at = timeOf(o.timestamp);
  const p = obj(o.payload);
  if (!p) {
    // The older format: a first line with the session's id, then response items as lines.
    if (type === undefined && str(o.id) !== undefined) return { items: [system(at, line, plain('Codex session started.'))], group: null, unknown: false };
    if (o.record_type !== undefined) return { items: [], group: null, unknown: false };
    if (type !== undefined && o.payload === undefined) return responseItems(o, at, line, state);
    return { items: [], group: null, unknown: true };
  }
  switch (type) {
    case 'session_meta': {
      const cwd = str(p.cwd) ?? null;
      if (cwd !== null) state.cwdKey = folderKey(cwd);
      const version = str(p.cli_version);
      const cwdPart = cwd ? ` in ${cwd}` : '';
      const versionPart = version ? ` (Codex ${oneLine(version, 40)})` : '';
      return { items: [system(at, line, plain(`Session started${cwdPart}${versionPart}.`))], group: null, unknown: false };
    }
    case 'turn_context': {
      const model = str(p.model)?.slice(0, 200) ?? state.model;
      const cwd = str(p.cwd) ?? null;
      const changed: string[] = [];
      if (model !== state.model && model) changed.push(`Model: ${model}${str(p.effort) ? ` (${oneLine(str(p.effort)!, 20)} effort)` : ''}`);
      if (cwd !== null && folderKey(cwd) !== state.cwdKey && state.cwdKey !== null) changed.push(`Folder: ${cwd}`);
      state.model = model ?? null;
      if (cwd !== null) state.cwdKey = folderKey(cwd);
      return { items: changed.length ? [system(at, line, plain(changed.join(' · ')))] : [], group: null, unknown: false };
    }
    case 'response_item':
      return responseItems(p, at, line, state);
    case 'event_msg':
      return { items: eventItems(p, at, line, state), group: null, unknown: false };
    case 'compacted': {
      const t = logText(p.message);
      return { items: [system(at, line, t && t.text.trim() ? prefixed('Conversation compacted:\n', t) : plain('Conversation compacted.'))], group: null, unknown: false };
    }
    default:
      return { items: [system(at, line, plain(`[log line of kind "${oneLine(type ?? 'unknown', 60)}"]`))], group: null, unknown: true };
  }
}
