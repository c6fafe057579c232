// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { authServerMessage } from '../../../shared/protocol/pairing';
import { cleanup, EXT_ORIGIN, nodeOpener, startHarness, type Harness } from '../../../companion/src/server/test-fixtures';
import type { CompanionStatus } from '../snapshot/session-snapshot';
import { CompanionConnection } from './companion-connection';
import { CompanionLink, type StoredPairing } from './companion-link';

const homes: string[] = [];
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  for (const h of homes.splice(0)) cleanup(h);
});

function makeLink(states: CompanionStatus['state'][], probe = async () => false) {
  let stored: StoredPairing | null = null;
  const link = new CompanionLink({
    origin: EXT_ORIGIN,
    appVersion: 'test',
    open: nodeOpener(),
    probe,
    loadPairing: async () => stored,
    savePairing: async (p) => {
      stored = p;
    },
    clearPairing: async () => {
      stored = null;
    },
    publish: (s) => states.push(s.state),
  });
  return { link, stored: () => stored };
}

async function until(check: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('CompanionLink over a real socket', () => {
  it('pairs, connects, notices the companion stopping, and reconnects by itself when it is back', async () => {
    let h: Harness = await startHarness();
    homes.push(h.home);
    const port = h.server.port;
    const states: CompanionStatus['state'][] = [];
    const { link } = makeLink(states);
    stops.push(async () => {
      await link.unpair().catch(() => {});
      await h.stop();
    });
    h.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
    const paired = await link.pair(port, 'k7qx m2pd');
    expect(paired.ok && paired.value.state).toBe('connected');

    await h.stop();
    await until(() => link.status.state === 'offline');
    expect(link.status.fix).toBe(`npx sessionpilot serve --port ${port}`);
    const failed = await link.request('ping', {});
    expect(failed).toMatchObject({ ok: false, error: { code: 'companion_unavailable', message: expect.stringContaining('not running') } });

    h = await startHarness(port, h.home);
    await until(() => link.status.state === 'connected');
    expect((await link.request('ping', {})).ok).toBe(true);
    expect(states).toEqual(expect.arrayContaining(['connecting', 'connected', 'offline']));
  });

  it('says "refused" with the pair command when the companion forgot the pairing', async () => {
    const h = await startHarness();
    homes.push(h.home);
    const first = makeLink([], async () => true);
    stops.push(async () => {
      first.link.unpair().catch(() => {});
      await h.stop();
    });
    h.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
    await first.link.pair(h.server.port, 'K7QX-M2PD');
    const pairing = first.stored();
    expect(pairing).not.toBeNull();
    h.state.removePairing(); // `sessionpilot unpair` in the terminal

    // A fresh worker start with the old secret is refused, and says how to fix it.
    const later = new CompanionLink({
      origin: EXT_ORIGIN,
      appVersion: 'test',
      open: nodeOpener(),
      probe: async () => true,
      loadPairing: async () => pairing,
      savePairing: async () => {},
      clearPairing: async () => {},
      publish: () => {},
    });
    await later.start();
    expect(later.status.state).toBe('refused');
    expect(later.status.fix).toBe(`npx sessionpilot pair --port ${h.server.port}`);
    await later.unpair();
  });
});

describe('a companion that stops mid-request', () => {
  it('fails the request with one clear sentence instead of hanging', async () => {
    const secret = 'b'.repeat(64);
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sessionpilot' });
    await new Promise((r) => server.once('listening', r));
    stops.push(() => new Promise((r) => server.close(() => r())));
    server.on('connection', (ws, req) => {
      const token = String(req.headers['sec-websocket-protocol']).split(',')[1]!.trim();
      const nonce = token.split('.')[2]!;
      ws.send(JSON.stringify({ type: 'hello', protocol: 1, app: 'sessionpilot-companion', version: 'x', proof: createHmac('sha256', secret).update(authServerMessage(nonce)).digest('hex') }));
      ws.on('message', (d) => {
        if (JSON.parse(String(d)).type === 'request') ws.terminate(); // killed mid-scan
      });
    });
    const port = (server.address() as { port: number }).port;
    const conn = new CompanionConnection({ url: `ws://127.0.0.1:${port}`, origin: EXT_ORIGIN, secret, open: nodeOpener(), appVersion: 't' });
    expect((await conn.connect()).ok).toBe(true);
    const result = await conn.request('scan', { path: '/tmp' });
    expect(result).toEqual({ ok: false, error: { code: 'disconnected', message: 'The companion stopped before it answered; try again once it is back.' } });
  });
});
