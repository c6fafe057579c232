import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { OpenSocket, SocketLike } from '../../../extension/lib/companion/socket-port';
import { authMessage } from '../../../shared/protocol/pairing';
import { CompanionState } from '../home/companion-state';
import { startCompanionServer, type CompanionServer } from './companion-server';

export const EXT_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

export interface Harness {
  home: string;
  state: CompanionState;
  server: CompanionServer;
  url: string;
  logs: string[];
  stop: () => Promise<void>;
}

export async function startHarness(port = 0, home = mkdtempSync(join(tmpdir(), 'sp-home-'))): Promise<Harness> {
  const state = new CompanionState(home);
  const logs: string[] = [];
  const server = await startCompanionServer({ port, state, version: 'test', log: (l) => logs.push(l), heartbeatMs: 60_000 });
  return {
    home,
    state,
    server,
    url: `ws://127.0.0.1:${server.port}`,
    logs,
    stop: async () => {
      await server.close();
    },
  };
}

export function cleanup(home: string): void {
  rmSync(home, { recursive: true, force: true });
}

/** Opens sockets the way the browser does: the extension's Origin on every upgrade. */
export function nodeOpener(origin = EXT_ORIGIN, headers: Record<string, string> = {}): OpenSocket {
  return (url, protocols) => new WebSocket(url, protocols, { origin, headers }) as unknown as SocketLike;
}

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (plain or upgrade) so refusals can be checked at the HTTP level. */
export function rawRequest(port: number, headers: Record<string, string>, path = '/'): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, setHost: !('Host' in headers) });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, headers: res.headers, body: '' });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A credential token as the extension sends it; a fresh nonce each time unless one is given (replay tests). */
export function authToken(secret: string, origin = EXT_ORIGIN, ts = Date.now(), nonce = randomBytes(16).toString('hex')): string {
  const proof = createHmac('sha256', secret).update(authMessage(origin, ts, nonce)).digest('hex');
  return `sp-auth.${ts}.${nonce}.${proof}`;
}

/** The headers of a WebSocket upgrade from the paired extension, with `extra` overriding. */
export function upgradeHeaders(port: number, extra: Record<string, string>): Record<string, string> {
  return {
    Host: `127.0.0.1:${port}`,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    Origin: EXT_ORIGIN,
    ...extra,
  };
}
