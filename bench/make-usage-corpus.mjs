// Generates agent logs in the real Claude Code and Codex line formats, for the usage benchmark and
// the ccusage parity test: hundreds of projects, thousands of session files, long tool-result lines,
// one response written as several lines (some with growing output counts), resumed sessions that
// copy earlier responses, sidechain (subagent) replays, agent-progress lines, synthetic messages,
// a model no price table knows, malformed lines and files whose last line is still being written.
// Usage: node bench/make-usage-corpus.mjs [--out bench/corpus/usage] [--mb 1000] [--seed 1]
//   writes <out>/claude/projects/**.jsonl and <out>/codex/sessions/YYYY/MM/DD/*.jsonl
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'bench/corpus/usage' }, mb: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } },
});
const out = resolve(values.out);
const targetBytes = Number(values.mb) * 1e6;
let seed = Number(values.seed) >>> 0 || 1;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const b62 = (n) => Array.from({ length: n }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[int(0, 61)]).join('');

const WORDS = 'the function returns a value when called with an argument that matches the expected type and otherwise throws an error describing what went wrong in the parser module src lib test index const let await async import export default'.split(' ');
const TEXT = Array.from({ length: 400_000 }, () => pick(WORDS)).join(' ').replace(/(.{60,100}?) /g, '$1\n');
const text = (n) => {
  const start = int(0, TEXT.length - n - 1);
  return TEXT.slice(start, start + n);
};

const MODELS = [
  ['claude-sonnet-4-20250514', 30],
  ['claude-sonnet-4-5-20250929', 25],
  ['claude-opus-4-1-20250805', 10],
  ['claude-haiku-4-5-20251001', 10],
  ['claude-opus-4-5-20251101', 10],
  ['claude-3-5-haiku-20241022', 5],
  ['claude-experimental-x', 2], // no price anywhere: "price unknown"
];
const modelTotal = MODELS.reduce((s, [, w]) => s + w, 0);
const pickModel = () => {
  let r = rand() * modelTotal;
  for (const [m, w] of MODELS) if ((r -= w) < 0) return m;
  return MODELS[0][0];
};

const START = Date.UTC(2025, 5, 1);
const DAYS = 75;
let written = 0;
let files = 0;
const j = (o) => JSON.stringify(o);

class Writer {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.parts = [];
    this.size = 0;
    files++;
  }
  line(s) {
    this.parts.push(s, '\n');
    this.size += s.length + 1;
    if (this.size > 4 << 20) this.flush();
  }
  raw(s) {
    this.parts.push(s);
    this.size += s.length;
  }
  flush() {
    const chunk = this.parts.join('');
    written += Buffer.byteLength(chunk);
    writeSync(this.fd, chunk);
    this.parts = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

function usage(model) {
  const cw = rand() < 0.3 ? int(200, 30_000) : 0;
  const oneHour = cw && rand() < 0.3 ? int(0, cw) : 0;
  const u = {
    input_tokens: int(1, 400),
    cache_creation_input_tokens: cw,
    cache_read_input_tokens: int(0, 160_000),
    cache_creation: { ephemeral_5m_input_tokens: cw - oneHour, ephemeral_1h_input_tokens: oneHour },
    output_tokens: int(1, 3000),
    service_tier: 'standard',
  };
  if (model.startsWith('claude-opus-4-1') && rand() < 0.5) delete u.cache_creation; // older lines: no breakdown
  return u;
}

function base(session, cwd, ts, sidechain) {
  return { parentUuid: uuid(), isSidechain: sidechain, userType: 'external', cwd, sessionId: session.id, version: session.version, gitBranch: 'main' };
}

/** One response: a line per content block, each repeating the usage (output may grow on later lines). */
function response(w, session, cwd, tMs, { sidechain = false, msgId, reqId, model, u }) {
  const blocks = [];
  if (rand() < 0.4) blocks.push({ type: 'thinking', thinking: text(int(100, 2000)), signature: b62(300) });
  blocks.push({ type: 'text', text: text(int(20, 1500)) });
  const tools = int(0, 3);
  for (let i = 0; i < tools; i++) {
    const name = pick(['Edit', 'Write', 'Read', 'Bash', 'Grep', 'MultiEdit', 'NotebookEdit']);
    const file = `${cwd}/src/${pick(WORDS)}-${int(1, 40)}.ts`;
    const input =
      name === 'Edit'
        ? { file_path: file, old_string: text(int(20, 400)), new_string: text(int(20, 400)) }
        : name === 'Write'
          ? { file_path: file, content: text(int(200, rand() < 0.02 ? 400_000 : 8000)) }
          : name === 'MultiEdit'
            ? { file_path: file, edits: [{ old_string: text(50), new_string: text(60) }] }
            : name === 'NotebookEdit'
              ? { notebook_path: `${cwd}/nb/${int(1, 5)}.ipynb`, new_source: text(200) }
              : name === 'Bash'
                ? { command: `npm test -- ${pick(WORDS)}`, description: 'run tests' }
                : { pattern: pick(WORDS), path: cwd };
    blocks.push({ type: 'tool_use', id: `toolu_${b62(24)}`, name, input });
  }
  const grow = rand() < 0.2;
  const results = [];
  blocks.forEach((block, i) => {
    const last = i === blocks.length - 1;
    const lineUsage = grow && !last ? { ...u, output_tokens: Math.max(1, Math.floor((u.output_tokens * (i + 1)) / blocks.length) - 1) } : u;
    const ts = new Date(tMs + i * int(5, 400)).toISOString();
    const o = {
      ...base(session, cwd, ts, sidechain),
      message: { id: msgId, type: 'message', role: 'assistant', model, content: [block], stop_reason: last ? 'tool_use' : null, stop_sequence: null, usage: lineUsage },
      requestId: reqId,
      type: 'assistant',
      uuid: uuid(),
      timestamp: ts,
    };
    const line = j(o);
    w.line(line);
    results.push(line);
    if (block.type === 'tool_use') {
      const big = rand() < 0.004 ? int(200_000, 1_500_000) : int(200, 6000);
      w.line(
        j({
          ...base(session, cwd, ts, sidechain),
          type: 'user',
          message: { role: 'user', content: [{ tool_use_id: block.id, type: 'tool_result', content: text(Math.min(big, TEXT.length - 10)) }] },
          uuid: uuid(),
          timestamp: new Date(tMs + 2000 + i).toISOString(),
          toolUseResult: { stdout: text(int(50, 500)), stderr: '', interrupted: false },
        }),
      );
    }
  });
  return results;
}

function claudeSession(projectDir, cwd, dayIndex, copyFrom) {
  const session = { id: uuid(), version: pick(['1.0.80', '1.0.98', '2.0.14', '2.0.30']) };
  const w = new Writer(join(projectDir, `${session.id}.jsonl`));
  let t = START + dayIndex * 86_400_000 + int(0, 86_399_000);
  w.line(j({ type: 'summary', summary: text(40), leafUuid: uuid() }));
  const copied = [];
  // A resumed session starts with copies of the earlier session's responses (same message and request ids).
  if (copyFrom) for (const line of copyFrom.slice(0, int(1, 6))) w.line(line.replace(copyFrom.sessionIdPattern, session.id));
  const turns = int(3, 40);
  let sub = null;
  for (let k = 0; k < turns; k++) {
    t += int(20_000, 900_000);
    w.line(j({ ...base(session, cwd, '', false), type: 'user', message: { role: 'user', content: text(int(20, 400)) }, uuid: uuid(), timestamp: new Date(t).toISOString() }));
    const model = pickModel();
    const msgId = `msg_${b62(24)}`;
    const reqId = `req_${b62(24)}`;
    const u = usage(model);
    const lines = response(w, session, cwd, t + 1000, { msgId, reqId, model, u });
    copied.push(...lines);
    if (rand() < 0.05) w.line(j({ ...base(session, cwd, '', false), type: 'assistant', message: { id: uuid(), model: '<synthetic>', role: 'assistant', content: [{ type: 'text', text: 'No response requested.' }], usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } }, uuid: uuid(), timestamp: new Date(t + 3000).toISOString() }));
    if (rand() < 0.01) w.line('{"type":"assistant","message":{"id":"msg_broken","usage":{"input_tokens":12,"output_to');
    if (rand() < 0.08) {
      // A subagent: its own responses, plus a replay of the parent's (same message id, new request id).
      sub ??= new Writer(join(projectDir, session.id, 'subagents', `agent-${hex(8)}.jsonl`), mkdirSync(join(projectDir, session.id, 'subagents'), { recursive: true }));
      response(sub, session, cwd, t + 5000, { sidechain: true, msgId, reqId: `req_${b62(24)}`, model, u: { ...u, cache_read_input_tokens: u.cache_read_input_tokens + 5000 } });
      const subModel = pick(['claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929']);
      const subMsg = `msg_${b62(24)}`;
      const subReq = `req_${b62(24)}`;
      const su = usage(subModel);
      response(sub, session, cwd, t + 9000, { sidechain: true, msgId: subMsg, reqId: subReq, model: subModel, u: su });
      // Claude Code also reports the subagent's response to the parent as an agent-progress line.
      w.line(j({ ...base(session, cwd, '', false), type: 'progress', data: { type: 'agent_progress', message: { type: 'assistant', timestamp: new Date(t + 9000).toISOString(), requestId: subReq, isSidechain: true, message: { id: subMsg, model: subModel, role: 'assistant', content: [], usage: su } } }, uuid: uuid(), timestamp: new Date(t + 9100).toISOString() }));
    }
  }
  // Some files are still being written: their last line is cut short.
  if (rand() < 0.03) w.raw('{"parentUuid":"x","isSidechain":false,"type":"assistant","message":{"id":"msg_partial","usage":{"input_tokens":4');
  w.close();
  sub?.close();
  copied.sessionIdPattern = new RegExp(session.id, 'g');
  return copied;
}

function codexSession(cwd, dayIndex) {
  const t0 = START + dayIndex * 86_400_000 + int(0, 80_000_000);
  const d = new Date(t0);
  const dir = join(out, 'codex', 'sessions', String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0'));
  mkdirSync(dir, { recursive: true });
  const id = uuid();
  const w = new Writer(join(dir, `rollout-${d.toISOString().slice(0, 19).replace(/:/g, '-')}-${id}.jsonl`));
  let t = t0;
  const ts = () => new Date(t).toISOString();
  w.line(j({ timestamp: ts(), type: 'session_meta', payload: { id, timestamp: ts(), cwd, originator: 'codex_cli_rs', cli_version: '0.46.0', instructions: text(3000) } }));
  const model = pick(['gpt-5-codex', 'gpt-5', 'gpt-5.1-codex', 'gpt-5-mini']);
  const total = [0, 0, 0, 0, 0];
  const turns = int(3, 40);
  for (let k = 0; k < turns; k++) {
    t += int(10_000, 600_000);
    w.line(j({ timestamp: ts(), type: 'turn_context', payload: { cwd, approval_policy: 'on-request', model, effort: 'medium', summary: 'auto' } }));
    w.line(j({ timestamp: ts(), type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: text(int(50, 500)) }] } }));
    if (rand() < 0.3) {
      const patch = `*** Begin Patch\n*** Update File: src/${pick(WORDS)}.ts\n@@\n-${text(40)}\n+${text(40)}\n*** End Patch`;
      w.line(j({ timestamp: ts(), type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: j({ command: ['apply_patch', patch] }), call_id: `call_${b62(20)}` } }));
    }
    w.line(j({ timestamp: ts(), type: 'response_item', payload: { type: 'function_call_output', call_id: `call_${b62(20)}`, output: text(int(100, 30_000)) } }));
    const input = int(2000, 120_000);
    const cached = int(0, input);
    const last = [input, cached, int(50, 4000), 0, 0];
    last[3] = int(0, last[2]);
    last[4] = last[0] + last[2];
    for (let i = 0; i < 5; i++) total[i] += last[i];
    const u = (a) => ({ input_tokens: a[0], cached_input_tokens: a[1], output_tokens: a[2], reasoning_output_tokens: a[3], total_tokens: a[4] });
    const info = rand() < 0.2 ? { total_token_usage: u(total), model_context_window: 272000 } : { total_token_usage: u(total), last_token_usage: u(last), model_context_window: 272000 };
    w.line(j({ timestamp: ts(), type: 'event_msg', payload: { type: 'token_count', info, rate_limits: null } }));
    if (rand() < 0.2) w.line(j({ timestamp: ts(), type: 'event_msg', payload: { type: 'token_count', info, rate_limits: null } })); // repeated: not counted twice
  }
  w.close();
}

if (existsSync(out)) rmSync(out, { recursive: true, force: true });
const projectsRoot = join(out, 'claude', 'projects');
mkdirSync(projectsRoot, { recursive: true });
const projectCount = Math.max(3, Math.min(400, Math.round(targetBytes / 2.5e6)));
const projects = Array.from({ length: projectCount }, (_, i) => {
  const cwd = `/home/dev/code/${pick(WORDS)}-${i}`;
  const dir = join(projectsRoot, cwd.replace(/[/.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  return { cwd, dir, last: null };
});
while (written < targetBytes) {
  const p = pick(projects);
  const day = int(0, DAYS - 1);
  if (rand() < 0.12) codexSession(p.cwd, day);
  else {
    const cwd = rand() < 0.2 ? `${p.cwd}/packages/${pick(WORDS)}` : p.cwd;
    p.last = claudeSession(p.dir, cwd, day, p.last && rand() < 0.15 ? p.last : null);
  }
}
console.error(`${out}: ${files} files in ${projectCount} projects, ${(written / 1e6).toFixed(0)} MB`);
