import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createHmac } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CompanionConnection } from '../../../extension/lib/companion/companion-connection';
import { pairWithCompanion } from '../../../extension/lib/companion/pair-with-companion';
import { pairMessage } from '../../../shared/protocol/pairing';
import { authToken, cleanup, EXT_ORIGIN, nodeOpener, rawRequest, startHarness, upgradeHeaders, type Harness } from './test-fixtures';

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

const probeTrue = async () => true;

async function pairNow(harness: Harness, code = 'K7QX-M2PD') {
  harness.state.writePendingPairing({ code, expiresAt: Date.now() + 60_000, attempts: 0 });
  return pairWithCompanion({ url: harness.url, origin: EXT_ORIGIN, code: code.toLowerCase(), open: nodeOpener(), probe: probeTrue });
}

describe('pairing over a real socket', () => {
  it('pairs with a one-time code, derives the same secret on both sides, and stores it 0600', async () => {
    const harness = await started();
    const paired = await pairNow(harness);
    expect(paired.ok).toBe(true);
    const stored = harness.state.readPairing();
    expect(stored.ok && stored.value?.origin).toBe(EXT_ORIGIN);
    expect(paired.ok && stored.ok && stored.value?.secret).toBe(paired.ok ? paired.value.secret : 'x');
    expect(statSync(join(harness.home, 'pairing.json')).mode & 0o777).toBe(0o600);
    // The code is single-use.
    const again = await pairWithCompanion({ url: harness.url, origin: EXT_ORIGIN, code: 'K7QX-M2PD', open: nodeOpener(), probe: probeTrue });
    expect(again).toMatchObject({ ok: false, error: { code: 'refused' } });
    // The secret never appears in the log.
    expect(harness.logs.join('\n')).not.toContain(stored.ok ? stored.value?.secret : '');
  });

  it('refuses a wrong code and burns the code after five wrong tries', async () => {
    const harness = await started();
    harness.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
    for (let i = 0; i < 5; i++) {
      const wrong = await pairWithCompanion({ url: harness.url, origin: EXT_ORIGIN, code: 'AAAA-AAAA', open: nodeOpener(), probe: probeTrue });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'refused' } });
    }
    const right = await pairWithCompanion({ url: harness.url, origin: EXT_ORIGIN, code: 'K7QX-M2PD', open: nodeOpener(), probe: probeTrue });
    expect(right.ok).toBe(false);
    expect(harness.state.readPairing()).toEqual({ ok: true, value: null });
  });

  it('refuses an expired code', async () => {
    const harness = await started();
    harness.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() - 1, attempts: 0 });
    const late = await pairWithCompanion({ url: harness.url, origin: EXT_ORIGIN, code: 'K7QX-M2PD', open: nodeOpener(), probe: probeTrue });
    expect(late.ok).toBe(false);
  });

  it('says "not running" when nothing listens', async () => {
    const result = await pairWithCompanion({ url: 'ws://127.0.0.1:9', origin: EXT_ORIGIN, code: 'K7QX-M2PD', open: nodeOpener(), probe: async () => false });
    expect(result).toMatchObject({ ok: false, error: { code: 'offline' } });
  });
});

describe('authenticated connection', () => {
  it('connects with the secret, verifies the companion, and answers requests', async () => {
    const harness = await started();
    const paired = await pairNow(harness);
    if (!paired.ok) throw new Error('pairing failed');
    const conn = new CompanionConnection({ url: harness.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't' });
    expect(await conn.connect()).toEqual({ ok: true, value: undefined });
    const pong = await conn.request('ping', {});
    expect(pong.ok && typeof pong.value.at).toBe('number');
    const roots = await conn.request('roots.list', {});
    expect(roots).toEqual({ ok: true, value: { roots: [] } });
    conn.close();
  });

  it('unpairs from the extension side: the secret is forgotten and the next connection refused', async () => {
    const harness = await started();
    const paired = await pairNow(harness);
    if (!paired.ok) throw new Error('pairing failed');
    const conn = new CompanionConnection({ url: harness.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't' });
    await conn.connect();
    expect(await conn.request('unpair', {})).toEqual({ ok: true, value: { unpaired: true } });
    expect(harness.state.readPairing()).toEqual({ ok: true, value: null });
    const again = new CompanionConnection({ url: harness.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't' });
    expect(await again.connect()).toMatchObject({ ok: false, error: { code: 'closed' } });
  });

  it('refuses a path outside the allowed roots and scans one inside, with progress', async () => {
    const harness = await started();
    const paired = await pairNow(harness);
    if (!paired.ok) throw new Error('pairing failed');
    const root = join(harness.home, 'repo');
    mkdirSync(root);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(root, 'a.ts'), '// TODO: one\n');
    harness.state.writeConfig({ roots: [root] });
    const conn = new CompanionConnection({ url: harness.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't' });
    await conn.connect();
    const outside = await conn.request('scan', { path: harness.home });
    expect(outside).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    const sibling = await conn.request('scan', { path: `${root}-evil` });
    expect(sibling.ok).toBe(false);
    const progress: number[] = [];
    const inside = await conn.request('scan', { path: root }, { onProgress: (done) => progress.push(done) });
    expect(inside.ok && inside.value.markers).toEqual([{ file: 'a.ts', line: 1, tag: 'TODO', text: '// TODO: one' }]);
    expect(progress.length).toBeGreaterThan(0);
    conn.close();
  });

  it('answers malformed frames with typed errors and keeps the connection', async () => {
    const harness = await started();
    const paired = await pairNow(harness);
    if (!paired.ok) throw new Error('pairing failed');
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(harness.url, ['sessionpilot', authToken(paired.value.secret)], { origin: EXT_ORIGIN });
    const frames: unknown[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    await new Promise((r) => setTimeout(r, 50));
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, app: 'x', version: '1' }));
    for (const bad of ['not json', '[]', 'null', '{"type":"request"}', '{"type":"request","id":"1","method":"__proto__"}', '{"__proto__":{"polluted":1},"type":"x"}']) {
      ws.send(bad);
    }
    ws.send(JSON.stringify({ type: 'request', id: 'ok1', method: 'ping' }));
    await new Promise((r) => setTimeout(r, 200));
    const replies = frames.filter((f) => (f as { type: string }).type === 'reply') as Array<{ id: string | null; ok: boolean; error?: { code: string } }>;
    expect(replies.filter((r) => !r.ok).map((r) => r.error?.code)).toEqual(['bad_frame', 'bad_frame', 'bad_frame', 'bad_frame', 'unknown_method', 'bad_frame']);
    expect(replies.find((r) => r.id === 'ok1')?.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    ws.close();
  });

  it('tells a client with another protocol version both versions, then closes', async () => {
    const harness = await started();
    const paired = await pairNow(harness);
    if (!paired.ok) throw new Error('pairing failed');
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(harness.url, ['sessionpilot', authToken(paired.value.secret)], { origin: EXT_ORIGIN });
    const frames: Array<{ type: string; error?: { message: string } }> = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', protocol: 99, app: 'x', version: '1' }));
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(4002);
    expect(frames.find((f) => f.type === 'reply')?.error?.message).toMatch(/protocol 99 .* speaks 1/);
  });

  it('lets the newest client win and tells the older one why', async () => {
    const harness = await started();
    const paired = await pairNow(harness);
    if (!paired.ok) throw new Error('pairing failed');
    const closes: string[] = [];
    const first = new CompanionConnection({ url: harness.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't', onClose: (_c, reason) => closes.push(reason) });
    await first.connect();
    const second = new CompanionConnection({ url: harness.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't' });
    await second.connect();
    await new Promise((r) => setTimeout(r, 100));
    expect(closes[0]).toMatch(/Another SessionPilot window/);
    expect(second.isOpen).toBe(true);
    second.close();
  });
});

describe('refusals before any handler runs', () => {
  it('answers plain HTTP with 426 and no CORS headers', async () => {
    const harness = await started();
    const probes: Array<Record<string, string>> = [{}, { Origin: 'https://evil.example', 'Sec-Fetch-Mode': 'no-cors' }];
    for (const headers of probes) {
      const reply = await rawRequest(harness.server.port, headers);
      expect(reply.status).toBe(426);
      expect(Object.keys(reply.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('refuses foreign origins and hosts with 403 and bad credentials with 401', async () => {
    const harness = await started();
    const paired = await pairNow(harness);
    if (!paired.ok) throw new Error('pairing failed');
    const port = harness.server.port;
    const good = authToken(paired.value.secret);
    const cases: Array<[Record<string, string>, number]> = [
      [{ Origin: 'https://evil.example', 'Sec-WebSocket-Protocol': `sessionpilot, ${good}` }, 403],
      [{ Origin: 'null', 'Sec-WebSocket-Protocol': `sessionpilot, ${good}` }, 403],
      [{ Origin: 'chrome-extension://pppppppppppppppppppppppppppppppp', 'Sec-WebSocket-Protocol': `sessionpilot, ${good}` }, 403],
      [{ Host: `evil.example:${port}`, 'Sec-WebSocket-Protocol': `sessionpilot, ${good}` }, 403],
      [{ Host: `127.0.0.1:${port + 1}`, 'Sec-WebSocket-Protocol': `sessionpilot, ${good}` }, 403],
      [{ 'Sec-WebSocket-Protocol': 'sessionpilot' }, 401],
      [{ 'Sec-WebSocket-Protocol': `sessionpilot, ${authToken('0'.repeat(64))}` }, 401],
      [{ 'Sec-WebSocket-Protocol': `sessionpilot, sp-auth.1.${'ab'.repeat(16)}.${'0'.repeat(10)}` }, 401],
      [{ 'Sec-WebSocket-Protocol': `sessionpilot, ${authToken(paired.value.secret, EXT_ORIGIN, Date.now() - 10 * 60_000)}` }, 401],
    ];
    for (const [extra, status] of cases) {
      const headers = upgradeHeaders(port, extra);
      const reply = await rawRequest(port, headers);
      expect({ extra, status: reply.status }).toEqual({ extra, status });
    }
    // The missing-Origin case (a non-browser client on the machine).
    const noOrigin = upgradeHeaders(port, { 'Sec-WebSocket-Protocol': `sessionpilot, ${authToken(paired.value.secret)}` }) as Record<string, string>;
    delete noOrigin.Origin;
    expect((await rawRequest(port, noOrigin)).status).toBe(403);
    // A replayed proof is refused.
    const once = authToken(paired.value.secret, EXT_ORIGIN, Date.now(), 'cd'.repeat(16));
    expect((await rawRequest(port, upgradeHeaders(port, { 'Sec-WebSocket-Protocol': `sessionpilot, ${once}` }))).status).toBe(101);
    expect((await rawRequest(port, upgradeHeaders(port, { 'Sec-WebSocket-Protocol': `sessionpilot, ${once}` }))).status).toBe(401);
  });

  it('refuses a pairing attempt from a web origin even with the right code', async () => {
    const harness = await started();
    harness.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
    const nonce = 'ef'.repeat(16);
    const proof = createHmac('sha256', 'K7QXM2PD').update(pairMessage('https://evil.example', nonce)).digest('hex');
    const reply = await rawRequest(
      harness.server.port,
      upgradeHeaders(harness.server.port, { Origin: 'https://evil.example', 'Sec-WebSocket-Protocol': `sessionpilot, sp-pair.${nonce}.${proof}` }),
    );
    expect(reply.status).toBe(403);
    expect(harness.state.readPairing()).toEqual({ ok: true, value: null });
  });
});

describe('a squatter on the port', () => {
  it('learns nothing: the client sends no request and no secret-derived data it could reuse', async () => {
    const squatter = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sessionpilot' });
    await new Promise((r) => squatter.once('listening', r));
    const port = (squatter.address() as { port: number }).port;
    const received: string[] = [];
    const offered: string[] = [];
    squatter.on('connection', (ws, req) => {
      offered.push(String(req.headers['sec-websocket-protocol']));
      ws.on('message', (d) => received.push(String(d)));
      ws.send(JSON.stringify({ type: 'hello', protocol: 1, app: 'sessionpilot-companion', version: '9', proof: 'f'.repeat(64) }));
    });
    const secret = 'a'.repeat(64);
    const conn = new CompanionConnection({ url: `ws://127.0.0.1:${port}`, origin: EXT_ORIGIN, secret, open: nodeOpener(), appVersion: 't' });
    const result = await conn.connect();
    expect(result).toMatchObject({ ok: false, error: { code: 'untrusted' } });
    const request = await conn.request('scan', { path: '/' });
    expect(request.ok).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toEqual([]);
    expect(offered.join()).not.toContain(secret);
    await new Promise((r) => squatter.close(r));
  });
});
