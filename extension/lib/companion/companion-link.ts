import type { MethodName, MethodParams, MethodResult } from '../../../shared/protocol/methods';
import { DEFAULT_PORT } from '../../../shared/protocol/version';
import { fail, ok, type Result } from '../../../shared/result';
import type { CompanionStatus } from '../snapshot/session-snapshot';
import { CompanionConnection, type RequestOptions } from './companion-connection';
import { pairWithCompanion } from './pair-with-companion';
import type { OpenSocket } from './socket-port';

export interface StoredPairing {
  port: number;
  secret: string;
  pairedAt: number;
}

export interface CompanionLinkDeps {
  origin: string;
  appVersion: string;
  open: OpenSocket;
  /** Whether anything answers plain HTTP on the port (the companion replies 426). */
  probe: (port: number) => Promise<boolean>;
  loadPairing: () => Promise<StoredPairing | null>;
  savePairing: (pairing: StoredPairing) => Promise<void>;
  clearPairing: () => Promise<void>;
  publish: (status: CompanionStatus) => void;
  onEvent?: (name: string, data: unknown) => void;
  /** Called after every successful (re)connection, e.g. to resume watching the running session's workspace. */
  onConnected?: () => void;
  now?: () => number;
}

const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** MV3 service workers are stopped when idle; a frame at least this often keeps the socket (and worker) alive. */
export const KEEPALIVE_MS = 20_000;

const serveCommand = (port: number) => `npx sessionpilot serve${port === DEFAULT_PORT ? '' : ` --port ${port}`}`;
const pairCommand = (port: number) => `npx sessionpilot pair${port === DEFAULT_PORT ? '' : ` --port ${port}`}`;

/** Keeps one authenticated connection to the companion: connects, keeps alive, reconnects with backoff. */
export class CompanionLink {
  private connection: CompanionConnection | null = null;
  private pairing: StoredPairing | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private keepalive: ReturnType<typeof setInterval> | undefined;
  private connecting: Promise<void> | null = null;
  status: CompanionStatus = { state: 'not_paired', port: DEFAULT_PORT, message: 'Not paired with a companion.' };

  constructor(private readonly deps: CompanionLinkDeps) {}

  private set(status: CompanionStatus): void {
    this.status = status;
    this.deps.publish(status);
  }

  private url(port: number): string {
    return `ws://127.0.0.1:${port}`;
  }

  /** Loads the stored pairing and connects; safe to call again (e.g. from a wake-up alarm). */
  async start(): Promise<void> {
    if (this.connection?.isOpen || this.connecting) return this.connecting ?? undefined;
    this.pairing = await this.deps.loadPairing();
    if (!this.pairing) {
      this.set({
        state: 'not_paired',
        port: DEFAULT_PORT,
        message: `Not paired with a companion yet. Start it ("${serveCommand(DEFAULT_PORT)}"), then run this and enter its code below:`,
        fix: pairCommand(DEFAULT_PORT),
      });
      return;
    }
    this.connecting = this.connectOnce().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connectOnce(): Promise<void> {
    const pairing = this.pairing;
    if (!pairing) return;
    clearTimeout(this.retryTimer);
    const port = pairing.port;
    this.set({ state: 'connecting', port, message: `Connecting to the companion on port ${port}…` });
    const connection = new CompanionConnection({
      url: this.url(port),
      origin: this.deps.origin,
      secret: pairing.secret,
      open: this.deps.open,
      now: this.deps.now,
      appVersion: this.deps.appVersion,
      onEvent: this.deps.onEvent,
      onClose: (code, reason) => this.onDropped(code, reason),
    });
    const result = await connection.connect();
    if (result.ok) {
      this.connection = connection;
      this.attempt = 0;
      clearInterval(this.keepalive);
      this.keepalive = setInterval(() => connection.ping(), KEEPALIVE_MS);
      this.set({ state: 'connected', port, message: `Connected to the companion on port ${port}.`, companionVersion: connection.companionVersion });
      this.deps.onConnected?.();
      return;
    }
    switch (result.error.code) {
      case 'untrusted':
        this.set({ state: 'untrusted', port, message: `Something on port ${port} is not your paired companion; nothing was sent to it. Stop it, then run:`, fix: serveCommand(port) });
        break;
      case 'protocol_mismatch':
        this.set({ state: 'mismatch', port, message: result.error.message });
        return; // retrying cannot help until one side is updated
      default: {
        const listening = await this.deps.probe(port);
        if (listening) {
          this.set({ state: 'refused', port, message: `The companion on port ${port} refused this extension; it may have been unpaired. Run this and enter the new code below:`, fix: pairCommand(port) });
        } else {
          this.set({ state: 'offline', port, message: `The companion is not running on port ${port}. Start it in a terminal:`, fix: serveCommand(port) });
        }
      }
    }
    this.scheduleRetry();
  }

  private onDropped(code: number, reason: string): void {
    clearInterval(this.keepalive);
    this.connection = null;
    const port = this.pairing?.port ?? DEFAULT_PORT;
    if (code === 4004 || code === 4003) return; // unpaired or re-paired: nothing to reconnect to
    if (code === 4001) {
      this.set({ state: 'replaced', port, message: reason || 'Another SessionPilot window connected to this companion.' });
      this.attempt = BACKOFF_MS.length - 1;
    } else {
      this.set({ state: 'connecting', port, message: 'The companion connection dropped; reconnecting…' });
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
    this.attempt++;
    const jitter = Math.round(base * 0.2 * Math.random());
    this.retryTimer = setTimeout(() => void this.start(), base + jitter);
  }

  /** Retries at once (the user clicked "Retry", or a wake-up alarm fired). */
  retryNow(): Promise<void> {
    this.attempt = 0;
    clearTimeout(this.retryTimer);
    return this.start();
  }

  async pair(port: number, code: string): Promise<Result<CompanionStatus>> {
    const result = await pairWithCompanion({ url: this.url(port), origin: this.deps.origin, code, open: this.deps.open, probe: () => this.deps.probe(port) });
    if (!result.ok) return result;
    this.connection?.close();
    this.connection = null;
    this.pairing = { port, secret: result.value.secret, pairedAt: (this.deps.now ?? Date.now)() };
    await this.deps.savePairing(this.pairing);
    this.attempt = 0;
    await this.start();
    return ok(this.status);
  }

  async unpair(): Promise<Result<CompanionStatus>> {
    if (this.connection?.isOpen) await this.connection.request('unpair', {});
    this.connection?.close();
    this.connection = null;
    clearInterval(this.keepalive);
    clearTimeout(this.retryTimer);
    this.pairing = null;
    await this.deps.clearPairing();
    await this.start();
    return ok(this.status);
  }

  async request<M extends MethodName>(method: M, params: MethodParams<M>, options?: RequestOptions): Promise<Result<MethodResult<M>>> {
    if (!this.connection?.isOpen) {
      await this.start();
      if (!this.connection?.isOpen) {
        return fail('companion_unavailable', `${this.status.message}${this.status.fix ? ` ${this.status.fix}` : ''}`);
      }
    }
    return this.connection.request(method, params, options);
  }
}
