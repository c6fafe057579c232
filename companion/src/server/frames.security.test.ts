import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { pairWithCompanion } from '../../../extension/lib/companion/pair-with-companion';
import { ServerFrameSchema, type ServerFrame } from '../../../shared/protocol/envelopes';
import { isMethodName, Methods } from '../../../shared/protocol/methods';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../../../shared/protocol/version';
import { CompanionState } from '../home/companion-state';
import { dispatchFrame, type ConnectionContext } from './dispatcher';
import { authToken, cleanup, EXT_ORIGIN, nodeOpener, rawRequest, startHarness, upgradeHeaders, type Harness } from './test-fixtures';

/*
 * Threats on the socket itself, after a client has paired: oversized frames, hostile frame
 * shapes, concurrent scans of one root, DNS-rebinding Host values, and requests that try to widen
 * what the companion may read or run.
 */

let h: Harness | undefined;
const homes: string[] = [];
afterEach(async () => {
  await h?.stop();
  h = undefined;
  for (const home of homes.splice(0)) cleanup(home);
});

async function started(): Promise<Harness> {
  h = await startHarness();
  homes.push(h.home);
  return h;
}

async function pairNow(harness: Harness, code = 'K7QX-M2PD'): Promise<string> {
  harness.state.writePendingPairing({ code, expiresAt: Date.now() + 60_000, attempts: 0 });
  const paired = await pairWithCompanion({ url: harness.url, origin: EXT_ORIGIN, code: code.toLowerCase(), open: nodeOpener(), probe: async () => true });
  if (!paired.ok) throw new Error('pairing failed');
  return paired.value.secret;
}

type Reply = { type: 'reply'; id: string | null; ok: boolean; result?: unknown; error?: { code: string; message: string } };

interface Client {
  ws: WebSocket;
  frames: Array<{ type: string } & Record<string, unknown>>;
  reply: (id: string, timeoutMs?: number) => Promise<Reply>;
  request: (id: string, method: string, params?: unknown) => Promise<Reply>;
  closed: Promise<{ code: number; reason: string }>;
}

/** A paired, authenticated raw client that has said hello. */
async function connect(harness: Harness, secret: string): Promise<Client> {
  const ws = new WebSocket(harness.url, ['sessionpilot', authToken(secret)], { origin: EXT_ORIGIN });
  const frames: Client['frames'] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (d) => {
    frames.push(JSON.parse(String(d)));
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, app: 'test', version: '1' }));
  const reply = (id: string, timeoutMs = 15_000) =>
    new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply for ${id}`)), timeoutMs);
      const check = () => {
        const found = frames.find((f) => f.type === 'reply' && f.id === id) as Reply | undefined;
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });
  const request = (id: string, method: string, params?: unknown) => {
    ws.send(JSON.stringify({ type: 'request', id, method, ...(params === undefined ? {} : { params }) }));
    return reply(id);
  };
  return { ws, frames, reply, request, closed };
}

describe('A1: frame size limit', () => {
  it('closes with 1009 when a frame is larger than MAX_FRAME_BYTES', async () => {
    const harness = await started();
    const secret = await pairNow(harness);
    const client = await connect(harness, secret);
    // Just under the limit is still served (a typed error, not a close)...
    const pad = 'x'.repeat(MAX_FRAME_BYTES - 200);
    client.ws.send(JSON.stringify({ type: 'request', id: 'near', method: 'ping', params: { pad } }));
    expect(await client.reply('near')).toMatchObject({ ok: false, error: { code: 'bad_params' } });
    // ...one byte over is not.
    client.ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    const timeout = new Promise<{ code: number }>((r) => setTimeout(() => r({ code: -1 }), 5_000));
    const { code } = await Promise.race([client.closed, timeout]);
    expect(code).toBe(1009);
    expect(MAX_FRAME_BYTES).toBe(1024 * 1024);
  });
});

describe('A2: dispatchFrame never throws and always answers with a typed frame', () => {
  let home: string;
  let state: CompanionState;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'sp-fuzz-home-'));
    state = new CompanionState(home);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  /** A real connection context whose `send` collects frames; no roots are allowed. */
  function context(helloDone: boolean): { ctx: ConnectionContext; sent: ServerFrame[]; closes: number[] } {
    const sent: ServerFrame[] = [];
    const closes: number[] = [];
    const ctx: ConnectionContext = {
      state,
      busyRoots: new Set(),
      live: {
        get: () => undefined,
        start: async () => ({ ok: false, error: { code: 'watch_failed', message: 'not in this test' } }),
        stop: () => {},
      },
      inflight: new Map(),
      helloDone,
      send: (frame) => sent.push(frame),
      closeWith: (code) => closes.push(code),
      onUnpair: () => {},
    };
    return { ctx, sent, closes };
  }

  const protoSnapshot = () => ({
    object: Object.getOwnPropertyNames(Object.prototype).sort().join(','),
    array: Object.getOwnPropertyNames(Array.prototype).sort().join(','),
    fn: Object.getOwnPropertyNames(Function.prototype).sort().join(','),
  });
  const before = protoSnapshot();

  const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'polluted');
  const method = fc.oneof(
    fc.constantFrom(...(Object.keys(Methods) as string[])),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'roots.add', 'config.set', 'exec', ''),
    fc.string({ maxLength: 80 }),
  );
  const hostileObject = fc
    .dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 8 })), fc.anything({ maxDepth: 2 }), { maxKeys: 5 })
    .map((d) => JSON.parse(JSON.stringify(d)) as unknown); // keeps `__proto__` as an own key, as JSON.parse on the socket does
  const requestFrame = fc.record(
    {
      type: fc.constant('request'),
      id: fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), fc.anything({ maxDepth: 1 })),
      method,
      params: fc.oneof(fc.anything({ maxDepth: 3 }), hostileObject, fc.record({ path: fc.string(), file: fc.string(), line: fc.integer(), on: fc.boolean() })),
    },
    { requiredKeys: ['type'] },
  );
  const protoJson = fc
    .tuple(hostileKey, fc.json({ maxDepth: 2 }), method)
    .map(([k, v, m]) => `{"type":"request","id":"p1","method":${JSON.stringify(m)},"params":{${JSON.stringify(k)}:${v}},${JSON.stringify(k)}:{"polluted":true}}`);

  /** Checks every frame the dispatcher sent for one input. */
  function checkSent(raw: unknown, sent: ServerFrame[]): void {
    for (const frame of sent) {
      expect(ServerFrameSchema.safeParse(frame).success, JSON.stringify(frame)).toBe(true);
      if (frame.type === 'pong') continue;
      expect(frame.type).toBe('reply');
      const reply = frame as Reply;
      const req = (typeof raw === 'object' && raw !== null ? raw : {}) as { type?: unknown; method?: unknown; id?: unknown };
      if (reply.ok) {
        // Only side-effect-free (or local, idempotent) methods may answer ok here: no roots are allowed,
        // so the readers of agent logs and backups answer with nothing in them.
        expect(typeof req.method === 'string' && ['ping', 'roots.list', 'unpair', 'backup.list', 'agents.sessions', 'usage.analytics'].includes(req.method)).toBe(true);
        const m = req.method as keyof typeof Methods;
        expect(Methods[m].result.safeParse(reply.result).success).toBe(true);
        if (m === 'roots.list') expect(reply.result).toEqual({ roots: [] });
        if (m === 'agents.sessions') expect(reply.result).toMatchObject({ sessions: [], total: 0 });
        if (m === 'backup.list') expect(reply.result).toMatchObject({ backups: [] });
      } else {
        expect(typeof reply.error?.code).toBe('string');
        expect(typeof reply.error?.message).toBe('string');
        expect(reply.error!.code).not.toBe('internal'); // a handler crash is a bug even when caught
      }
      if (typeof req.method === 'string' && !isMethodName(req.method) && !reply.ok && req.type === 'request' && req.id !== undefined) {
        expect(['bad_frame', 'unknown_method', 'not_authenticated']).toContain(reply.error!.code);
      }
    }
  }

  async function feed(raw: unknown, helloDone = true): Promise<void> {
    const { ctx, sent } = context(helloDone);
    await expect(dispatchFrame(raw, ctx)).resolves.toBeUndefined();
    expect(sent.length).toBeLessThanOrEqual(1);
    const isFrameWithoutReply =
      typeof raw === 'object' && raw !== null && ['hello', 'cancel'].includes((raw as { type?: unknown }).type as string) && sent.length === 0;
    if (!isFrameWithoutReply) expect(sent.length).toBe(1);
    checkSent(raw, sent);
  }

  it('survives fc.anything() (600 runs, before and after hello)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ withNullPrototype: true, withObjectString: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }), fc.boolean(), async (raw, hello) => {
        await feed(raw, hello);
      }),
      { numRuns: 600 },
    );
  });

  it('survives fc.json() strings parsed as the socket does (500 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 4 }), async (text) => {
        await feed(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('answers random requests with random methods and params with typed replies (700 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(requestFrame, async (raw) => {
        await feed(raw);
      }),
      { numRuns: 700 },
    );
  });

  it('is not polluted by __proto__ / constructor / prototype keys (400 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(protoJson, async (text) => {
        await feed(JSON.parse(text));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('leaves Object.prototype and friends exactly as they were', () => {
    expect(protoSnapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call({})).toBe('[object Object]');
  });

  it('answers the hostile-name methods unknown_method (own-property lookup, not `in`)', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      const { ctx, sent } = context(true);
      await dispatchFrame({ type: 'request', id: 'x', method: name }, ctx);
      expect(sent).toEqual([{ type: 'reply', id: 'x', ok: false, error: { code: 'unknown_method', message: expect.any(String) } }]);
    }
  });
});

describe('A3: one scan per root at a time', () => {
  it('answers "busy" to a second concurrent scan of the same root, and frees the root afterwards', async () => {
    const harness = await started();
    const secret = await pairNow(harness);
    const root = join(harness.home, 'big');
    mkdirSync(root);
    for (let i = 0; i < 3000; i++) writeFileSync(join(root, `f${i}.ts`), i % 500 === 0 ? `// TODO: ${i}\n` : `export const v${i} = ${i};\n`);
    harness.state.writeConfig({ roots: [root] });
    const client = await connect(harness, secret);
    // Both frames leave in one burst: the second arrives while the first is still scanning.
    client.ws.send(JSON.stringify({ type: 'request', id: 's1', method: 'scan', params: { path: root } }));
    client.ws.send(JSON.stringify({ type: 'request', id: 's2', method: 'scan', params: { path: `${root}/` } }));
    const [r1, r2] = await Promise.all([client.reply('s1', 30_000), client.reply('s2', 30_000)]);
    const codes = [r1, r2].map((r) => (r.ok ? 'ok' : r.error!.code)).sort();
    expect(codes).toEqual(['busy', 'ok']);
    // The root is released when the scan ends (also a busy reply must not have released it early).
    const r3 = await client.request('s3', 'scan', { path: root });
    expect(r3.ok).toBe(true);
    expect((r3.result as { markers: unknown[] }).markers).toHaveLength(6);
    client.ws.close();
  }, 40_000);
});

describe('A4: Host header (DNS rebinding)', () => {
  it('accepts exactly 127.0.0.1:PORT, localhost:PORT and [::1]:PORT, and refuses every other spelling with 403', async () => {
    const harness = await started();
    const secret = await pairNow(harness);
    const port = harness.server.port;
    // The check is an exact string match (host-check.ts). RFC 7230 host names are case-insensitive,
    // but a browser always sends the lower-case form it connected to, so refusing `LOCALHOST` only
    // refuses clients that are not the extension: the strict reading is kept on purpose.
    const cases: Array<[string, number]> = [
      [`127.0.0.1:${port}`, 101],
      [`localhost:${port}`, 101],
      [`[::1]:${port}`, 101],
      ['127.0.0.1', 403],
      ['localhost', 403],
      [`127.0.0.1:${port}.evil.com`, 403],
      [`127.0.0.1.evil.com:${port}`, 403],
      [`localhost.evil.com:${port}`, 403],
      [`evil.com#127.0.0.1:${port}`, 403],
      [`LOCALHOST:${port}`, 403],
      [`Localhost:${port}`, 403],
      [`127.0.0.1:0${port}`, 403],
      [`127.1:${port}`, 403],
      [`0.0.0.0:${port}`, 403],
      [`[::ffff:127.0.0.1]:${port}`, 403],
      [`127.0.0.1:${port},evil.com`, 403],
      [`user@127.0.0.1:${port}`, 403],
      ['', 403],
    ];
    for (const [host, status] of cases) {
      const reply = await rawRequest(port, upgradeHeaders(port, { Host: host, 'Sec-WebSocket-Protocol': `sessionpilot, ${authToken(secret)}` }));
      expect({ host, status: reply.status }).toEqual({ host, status });
    }
  });
});

describe('A5: nothing on the socket widens what the companion reads or runs', () => {
  it('answers unknown_method to root, config, test and exec methods, and path_not_allowed outside the roots', async () => {
    const harness = await started();
    const secret = await pairNow(harness);
    const root = join(harness.home, 'allowed');
    const outside = join(harness.home, 'outside');
    mkdirSync(root);
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.ts'), '// TODO: secret\n');
    harness.state.writeConfig({ roots: [root] });
    const client = await connect(harness, secret);
    const widening = ['roots.add', 'roots.remove', 'roots.set', 'config.set', 'config.write', 'tests.set', 'exec', 'run', 'shell'];
    for (const [i, method] of widening.entries()) {
      const r = await client.request(`w${i}`, method, { path: outside, command: 'touch /tmp/pwned', roots: [outside] });
      expect({ method, code: r.error?.code }).toEqual({ method, code: 'unknown_method' });
    }
    // Known methods refuse extra fields (strict params): nothing rides along on roots.list,
    // and tests.run takes no command: it runs only one set in the terminal.
    expect((await client.request('l1', 'roots.list', { add: outside })).error?.code).toBe('bad_params');
    expect((await client.request('t1', 'tests.run', { path: root, command: 'touch /tmp/pwned' })).error?.code).toBe('bad_params');
    expect((await client.request('t2', 'tests.run', { path: root })).error?.code).toBe('not_configured');
    for (const [i, method] of ['scan', 'watch', 'workspace.check', 'tests.run'].entries()) {
      const params = method === 'watch' ? { path: outside, on: true } : { path: outside };
      const r = await client.request(`o${i}`, method, params);
      expect({ method, code: r.error?.code }).toEqual({ method, code: 'path_not_allowed' });
    }
    const blame = await client.request('b1', 'blame', { path: outside, file: 'secret.ts', line: 1 });
    expect(blame.error?.code).toBe('path_not_allowed');
    // The allowed roots are unchanged.
    expect(await client.request('l2', 'roots.list')).toMatchObject({ ok: true, result: { roots: [root] } });
    const config = harness.state.readConfig();
    expect(config.ok && config.value?.roots).toEqual([root]);
    client.ws.close();
  });
});
