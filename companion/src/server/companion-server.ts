import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AUTH_CLOCK_SKEW_MS, authServerMessage, pairSecretMessage, pairServerMessage } from '../../../shared/protocol/pairing';
import type { ServerFrame } from '../../../shared/protocol/envelopes';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION, SUBPROTOCOL } from '../../../shared/protocol/version';
import type { CompanionState } from '../home/companion-state';
import { abortHandshake } from './abort-handshake';
import { dispatchFrame, type ConnectionContext } from './dispatcher';
import { hmacHex, randomHex } from './proof';
import { ReplayCache } from './replay-cache';
import { checkUpgrade, type UpgradeDecision } from './upgrade-guard';
import type { LiveScans } from './method-handlers';
import { LiveScan } from '../watch/live-scan';
import { UsageWatcher } from '../usage/usage-watcher';

export interface CompanionServerOptions {
  port: number;
  state: CompanionState;
  version: string;
  log?: (line: string) => void;
  now?: () => number;
  heartbeatMs?: number;
  /** A client that sends no hello within this time is closed. */
  helloTimeoutMs?: number;
}

export interface CompanionServer {
  port: number;
  clientCount: () => number;
  close: () => Promise<void>;
}

/** Above this many queued bytes a client is too slow to keep: it is dropped, not buffered for. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export async function startCompanionServer(options: CompanionServerOptions): Promise<CompanionServer> {
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const replay = new ReplayCache(AUTH_CLOCK_SKEW_MS);
  const busyRoots = new Set<string>();
  const liveScans = new Map<string, LiveScan>();
  // While any session runs (a workspace is watched), new agent usage is pushed to the extension.
  let usageWatcher: UsageWatcher | null = null;
  const followUsage = () => {
    if (liveScans.size > 0 && !usageWatcher) {
      usageWatcher = new UsageWatcher(process.env, () => {
        for (const ws of clients) send(ws, { type: 'event', name: 'usage.changed', data: { at: now() } });
      });
    } else if (liveScans.size === 0 && usageWatcher) {
      usageWatcher.close();
      usageWatcher = null;
    }
  };
  const live: LiveScans = {
    get: (root) => liveScans.get(root),
    async start(root, extraTags = []) {
      const started = await LiveScan.start(root, options.state.home, extraTags, (scan, change) => {
        for (const ws of clients) send(ws, { type: 'event', name: 'signals.changed', data: { root: scan.root, scan, change } });
      });
      if (started.ok) {
        liveScans.get(root)?.close();
        liveScans.set(root, started.value);
        log(`watching ${root}`);
        followUsage();
      }
      return started;
    },
    stop(root) {
      liveScans.get(root)?.close();
      if (liveScans.delete(root)) log(`stopped watching ${root}`);
      followUsage();
    },
  };
  const clients = new Set<WebSocket>();
  const alive = new WeakMap<WebSocket, boolean>();

  const http: Server = createServer((req, res) => {
    // No plain HTTP routes and no CORS headers, ever.
    res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket', Connection: 'close' });
    res.end('This is the SessionPilot companion; it speaks WebSocket only.\n');
    req.resume();
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  let boundPort = options.port;
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let decision: UpgradeDecision;
    try {
      decision = checkUpgrade(req, { port: boundPort, state: options.state, replay, now });
    } catch {
      decision = { ok: false, status: 401, reason: 'Credentials could not be checked.' };
    }
    if (!decision.ok) {
      log(`refused a connection (${decision.status} ${decision.reason})`);
      abortHandshake(socket, decision.status, decision.reason);
      return;
    }
    const accepted = decision;
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (accepted.kind === 'pair') completePairing(ws, accepted);
      else openSession(ws, accepted);
    });
  });

  function send(ws: WebSocket, frame: ServerFrame | Record<string, unknown>): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(frame));
  }

  function completePairing(ws: WebSocket, d: Extract<UpgradeDecision, { kind: 'pair' }>) {
    const serverNonce = randomHex(32);
    const secret = hmacHex(d.code, pairSecretMessage(d.nonce, serverNonce));
    options.state.writePairing({ secret, origin: d.origin, pairedAt: now() });
    options.state.removePendingPairing();
    log(`paired with ${d.origin}`);
    // Any client of the previous pairing loses its standing.
    for (const other of clients) other.close(4003, 'This companion was paired again.');
    send(ws, { type: 'paired', serverNonce, proof: hmacHex(d.code, pairServerMessage(d.nonce, serverNonce)) });
    ws.close(1000, 'paired');
  }

  function openSession(ws: WebSocket, d: Extract<UpgradeDecision, { kind: 'auth' }>) {
    // One extension connection at a time: the newest wins, the older one hears why.
    for (const other of clients) other.close(4001, 'Another SessionPilot window connected to this companion.');
    clients.add(ws);
    alive.set(ws, true);
    log(`extension connected (${d.origin})`);
    const ctx: ConnectionContext = {
      state: options.state,
      busyRoots,
      live,
      inflight: new Map(),
      helloDone: false,
      send: (frame) => send(ws, frame),
      closeWith: (code, reason) => ws.close(code, reason),
      onUnpair: () => {
        log('unpaired by the extension');
        setTimeout(() => ws.close(4004, 'unpaired'), 50);
      },
    };
    send(ws, { type: 'hello', protocol: PROTOCOL_VERSION, app: 'sessionpilot-companion', version: options.version, proof: hmacHex(d.secret, authServerMessage(d.nonce)) });
    const helloTimer = setTimeout(() => {
      if (!ctx.helloDone) ws.close(4000, 'no hello');
    }, options.helloTimeoutMs ?? 10_000);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data, isBinary) => {
      alive.set(ws, true);
      if (isBinary) {
        send(ws, { type: 'reply', id: null, ok: false, error: { code: 'bad_frame', message: 'Binary frames are not accepted.' } });
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        send(ws, { type: 'reply', id: null, ok: false, error: { code: 'bad_frame', message: 'The message is not valid JSON.' } });
        return;
      }
      void dispatchFrame(raw, ctx);
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      clients.delete(ws);
      for (const c of ctx.inflight.values()) c.abort();
      log('extension disconnected');
    });
    ws.on('error', () => ws.terminate());
  }

  // Heartbeat: a client that misses a ping round is gone (laptop lid, killed browser).
  const heartbeat = setInterval(() => {
    for (const ws of clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  boundPort = port;

  return {
    port,
    clientCount: () => clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const l of liveScans.values()) l.close();
        liveScans.clear();
        followUsage();
        for (const ws of clients) ws.close(1001, 'companion stopping');
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections?.();
      }),
  };
}
