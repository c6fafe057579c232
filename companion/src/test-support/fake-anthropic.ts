import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake answers to the next request (a queue; the last one repeats). */
export type FakeScenario =
  | { kind: 'plan'; tasks: unknown[]; delayMs?: number; usage?: { input: number; output: number; cacheRead?: number } }
  | { kind: 'raw'; json: string; stopReason?: string; toolName?: string }
  | { kind: 'status'; status: number; errorType: string; retryAfter?: number }
  | { kind: 'error-event'; afterTasks: number; tasks: unknown[]; errorType: string }
  | { kind: 'disconnect'; afterTasks: number; tasks: unknown[] };

export interface FakeAnthropic {
  url: string;
  requests: Array<{ headers: IncomingMessage['headers']; body: Record<string, unknown> }>;
  /** When each task's closing brace left the server (ms since epoch), per request. */
  taskSentAt: number[][];
  queue: FakeScenario[];
  close(): Promise<void>;
}

const sse = (res: ServerResponse, type: string, data: unknown) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...(data as object) })}\n\n`);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A local stand-in for api.anthropic.com's Messages endpoint speaking the real wire format: JSON
 * errors with the API's error envelope and HTTP status, and server-sent events message_start,
 * content_block_start (a tool_use), content_block_delta (input_json_delta), content_block_stop,
 * message_delta (stop_reason, usage), message_stop — or an `error` event, or a dropped socket.
 */
export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const fake: FakeAnthropic = { url: '', requests: [], taskSentAt: [], queue: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });

  async function answer(req: IncomingMessage, res: ServerResponse, body: string) {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'Not found' } }));
      return;
    }
    fake.requests.push({ headers: req.headers, body: JSON.parse(body) as Record<string, unknown> });
    const scenario = fake.queue.length > 1 ? fake.queue.shift()! : fake.queue[0] ?? { kind: 'plan', tasks: [] };
    const sent: number[] = [];
    fake.taskSentAt.push(sent);
    if (scenario.kind === 'status') {
      res.writeHead(scenario.status, { 'content-type': 'application/json', 'request-id': 'req_fake', ...(scenario.retryAfter ? { 'retry-after': String(scenario.retryAfter) } : {}) });
      res.end(JSON.stringify({ type: 'error', error: { type: scenario.errorType, message: `Fake ${scenario.errorType}` } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_fake' });
    const usage = scenario.kind === 'plan' && scenario.usage ? scenario.usage : { input: 1200, output: 350, cacheRead: 0 };
    sse(res, 'message_start', { message: { id: 'msg_fake', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: usage.cacheRead ?? 0 } } });
    sse(res, 'content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_fake', name: scenario.kind === 'raw' && scenario.toolName ? scenario.toolName : 'submit_plan', input: {} } });
    const delta = (partial_json: string) => sse(res, 'content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json } });
    if (scenario.kind === 'raw') {
      for (let i = 0; i < scenario.json.length; i += 7) delta(scenario.json.slice(i, i + 7));
    } else {
      const tasks = scenario.tasks;
      const stopAt = scenario.kind === 'plan' ? tasks.length : scenario.afterTasks;
      delta('{"tasks": [');
      for (let i = 0; i < stopAt; i++) {
        const text = `${i ? ',' : ''}${JSON.stringify(tasks[i])}`;
        // Each task in a few pieces, as the API streams it; the closing brace goes last.
        for (let at = 0; at < text.length; at += 23) delta(text.slice(at, at + 23));
        sent.push(Date.now());
        if (scenario.kind === 'plan' && scenario.delayMs) await wait(scenario.delayMs);
      }
      if (scenario.kind === 'error-event') {
        sse(res, 'error', { error: { type: scenario.errorType, message: 'Overloaded' } });
        res.end();
        return;
      }
      if (scenario.kind === 'disconnect') {
        res.socket?.destroy();
        return;
      }
      delta(']}');
    }
    sse(res, 'content_block_stop', { index: 0 });
    sse(res, 'message_delta', { delta: { stop_reason: scenario.kind === 'raw' ? (scenario.stopReason ?? 'tool_use') : 'tool_use', stop_sequence: null }, usage: { output_tokens: usage.output } });
    sse(res, 'message_stop', {});
    res.end();
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}
