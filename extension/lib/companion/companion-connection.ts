import { ServerFrameSchema, type ServerFrame } from '../../../shared/protocol/envelopes';
import { type MethodName, type MethodParams, type MethodResult, Methods } from '../../../shared/protocol/methods';
import { AUTH_PREFIX, authMessage, authServerMessage } from '../../../shared/protocol/pairing';
import { PROTOCOL_VERSION, SUBPROTOCOL } from '../../../shared/protocol/version';
import { fail, ok, type Result } from '../../../shared/result';
import { hmacHex, randomHex, sameHex } from './hmac';
import { SOCKET_OPEN, type OpenSocket, type SocketLike } from './socket-port';

export type ConnectFailure = 'closed' | 'untrusted' | 'protocol_mismatch' | 'timeout';

export interface RequestOptions {
  onProgress?: (done: number, total: number | undefined, message: string | undefined) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface Pending {
  resolve: (r: Result<unknown>) => void;
  onProgress?: RequestOptions['onProgress'];
  timer: ReturnType<typeof setTimeout>;
}

export interface ConnectionOptions {
  url: string;
  origin: string;
  secret: string;
  open: OpenSocket;
  now?: () => number;
  appVersion: string;
  onEvent?: (name: string, data: unknown) => void;
  onClose?: (code: number, reason: string) => void;
}

/**
 * One authenticated socket to the companion. It sends nothing but its proof until the companion
 * has proven the shared secret in its hello; then requests are matched to replies by id.
 */
export class CompanionConnection {
  private socket: SocketLike | null = null;
  private readonly pending = new Map<string, Pending>();
  private counter = 0;
  private trusted = false;
  companionVersion = '';

  constructor(private readonly opts: ConnectionOptions) {}

  get isOpen(): boolean {
    return this.trusted && this.socket?.readyState === SOCKET_OPEN;
  }

  async connect(timeoutMs = 10_000): Promise<Result<void, ConnectFailure>> {
    const nonce = randomHex(32);
    const ts = (this.opts.now ?? Date.now)();
    const proof = await hmacHex(this.opts.secret, authMessage(this.opts.origin, ts, nonce));
    const expectedServerProof = await hmacHex(this.opts.secret, authServerMessage(nonce));
    return new Promise((resolve) => {
      let settled = false;
      const settle = (r: Result<void, ConnectFailure>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const socket = this.opts.open(this.opts.url, [SUBPROTOCOL, `${AUTH_PREFIX}${ts}.${nonce}.${proof}`]);
      this.socket = socket;
      const timer = setTimeout(() => {
        socket.close();
        settle(fail('timeout', 'The companion did not answer in time.'));
      }, timeoutMs);
      socket.onmessage = (ev) => {
        let raw: unknown;
        try {
          raw = JSON.parse(String(ev.data));
        } catch {
          raw = undefined;
        }
        const parsed = ServerFrameSchema.safeParse(raw);
        if (!this.trusted) {
          // The first frame must be the companion's hello with a valid proof.
          const hello = parsed.success && parsed.data.type === 'hello' ? parsed.data : null;
          if (!hello || !hello.proof || !sameHex(hello.proof, expectedServerProof)) {
            socket.close(4005, 'untrusted');
            settle(fail('untrusted', 'The program on the companion port could not prove the pairing; nothing was sent to it.'));
            return;
          }
          if (hello.protocol !== PROTOCOL_VERSION) {
            socket.close(4002, 'protocol mismatch');
            settle(
              fail(
                'protocol_mismatch',
                `The companion speaks protocol ${hello.protocol} but this extension speaks ${PROTOCOL_VERSION}; update the ${hello.protocol > PROTOCOL_VERSION ? 'extension' : 'companion'}.`,
              ),
            );
            return;
          }
          this.trusted = true;
          this.companionVersion = hello.version;
          socket.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, app: 'sessionpilot-extension', version: this.opts.appVersion }));
          settle(ok(undefined));
          return;
        }
        if (parsed.success) this.handleFrame(parsed.data);
      };
      socket.onclose = (ev) => {
        const wasTrusted = this.trusted;
        this.trusted = false;
        this.failAll(ev.code === 4001 ? ev.reason : 'The companion stopped before it answered; try again once it is back.');
        settle(fail('closed', 'The companion refused or dropped the connection.'));
        if (wasTrusted) this.opts.onClose?.(ev.code, ev.reason);
      };
      socket.onerror = () => {
        /* onclose follows */
      };
    });
  }

  private handleFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'reply': {
        if (frame.id === null) {
          if (!frame.ok) this.opts.onEvent?.('error', frame.error);
          return;
        }
        const p = this.pending.get(frame.id);
        if (!p) return;
        this.pending.delete(frame.id);
        clearTimeout(p.timer);
        p.resolve(frame.ok ? ok(frame.result) : { ok: false, error: frame.error });
        return;
      }
      case 'progress':
        this.pending.get(frame.id)?.onProgress?.(frame.done, frame.total, frame.message);
        return;
      case 'event':
        this.opts.onEvent?.(frame.name, frame.data);
        return;
      case 'pong':
      case 'hello':
        return;
      default: {
        const unreachable: never = frame;
        void unreachable;
      }
    }
  }

  private failAll(message: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve(fail('disconnected', message));
      this.pending.delete(id);
    }
  }

  /** Sends a request; the result is checked against the method's shared schema. */
  async request<M extends MethodName>(method: M, params: MethodParams<M>, options: RequestOptions = {}): Promise<Result<MethodResult<M>>> {
    if (!this.isOpen || !this.socket) return fail('not_connected', 'The companion is not connected.');
    const id = `r${++this.counter}`;
    const socket = this.socket;
    const raw = await new Promise<Result<unknown>>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(fail('timeout', `The companion did not finish ${method} in time.`));
      }, options.timeoutMs ?? 120_000);
      this.pending.set(id, { resolve, onProgress: options.onProgress, timer });
      options.signal?.addEventListener('abort', () => {
        if (this.pending.has(id) && socket.readyState === SOCKET_OPEN) socket.send(JSON.stringify({ type: 'cancel', id }));
      });
      socket.send(JSON.stringify({ type: 'request', id, method, params }));
    });
    if (!raw.ok) return raw;
    const checked = Methods[method].result.safeParse(raw.value);
    if (!checked.success) return fail('bad_reply', `The companion's answer to ${method} was not understood.`);
    return ok(checked.data as MethodResult<M>);
  }

  ping(): void {
    if (this.isOpen) this.socket?.send(JSON.stringify({ type: 'ping', at: Date.now() }));
  }

  close(): void {
    this.socket?.close(1000, 'bye');
  }
}
