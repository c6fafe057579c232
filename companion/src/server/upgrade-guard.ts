import type { IncomingMessage } from 'node:http';
import {
  AUTH_CLOCK_SKEW_MS,
  authMessage,
  isExtensionOrigin,
  normalizePairingCode,
  PAIRING_MAX_ATTEMPTS,
  pairMessage,
  parseProofToken,
} from '../../../shared/protocol/pairing';
import { SUBPROTOCOL } from '../../../shared/protocol/version';
import type { CompanionState } from '../home/companion-state';
import { isLoopbackHost } from './host-check';
import { hmacHex, safeEqual } from './proof';
import type { ReplayCache } from './replay-cache';

export type UpgradeDecision =
  | { ok: true; kind: 'auth'; origin: string; nonce: string; secret: string }
  | { ok: true; kind: 'pair'; origin: string; nonce: string; code: string }
  | { ok: false; status: 401 | 403 | 400; reason: string };

export interface GuardContext {
  port: number;
  state: CompanionState;
  replay: ReplayCache;
  now: () => number;
}

function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return [];
  return header.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Decides an upgrade before any handler runs: Host (DNS rebinding), Origin (cross-site
 * WebSocket hijacking), then the proof of the pairing code or of the shared secret.
 */
export function checkUpgrade(req: IncomingMessage, ctx: GuardContext): UpgradeDecision {
  if (!isLoopbackHost(req.headers.host, ctx.port)) return { ok: false, status: 403, reason: 'Host not allowed.' };
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || !isExtensionOrigin(origin)) return { ok: false, status: 403, reason: 'Origin not allowed.' };

  const offered = offeredProtocols(req);
  if (!offered.includes(SUBPROTOCOL)) return { ok: false, status: 400, reason: 'Missing the sessionpilot subprotocol.' };
  const tokens = offered.filter((p) => p !== SUBPROTOCOL);
  const token = tokens.length === 1 ? parseProofToken(tokens[0]!) : null;
  if (!token) return { ok: false, status: 401, reason: 'Missing or malformed credentials.' };

  if (token.kind === 'pair') {
    const pending = ctx.state.readPendingPairing();
    if (!pending.ok || !pending.value) return { ok: false, status: 401, reason: 'No pairing code is active; run "sessionpilot pair".' };
    const p = pending.value;
    if (ctx.now() > p.expiresAt || p.attempts >= PAIRING_MAX_ATTEMPTS) {
      ctx.state.removePendingPairing();
      return { ok: false, status: 401, reason: 'The pairing code expired; run "sessionpilot pair" again.' };
    }
    const code = normalizePairingCode(p.code);
    if (!safeEqual(hmacHex(code, pairMessage(origin, token.nonce)), token.proof)) {
      ctx.state.writePendingPairing({ ...p, attempts: p.attempts + 1 });
      return { ok: false, status: 401, reason: 'Wrong pairing code.' };
    }
    return { ok: true, kind: 'pair', origin, nonce: token.nonce, code };
  }

  const pairing = ctx.state.readPairing();
  if (!pairing.ok || !pairing.value) return { ok: false, status: 401, reason: 'Not paired; run "sessionpilot pair".' };
  if (pairing.value.origin !== origin) return { ok: false, status: 403, reason: 'Origin not allowed.' };
  if (Math.abs(ctx.now() - token.ts) > AUTH_CLOCK_SKEW_MS) return { ok: false, status: 401, reason: 'Stale credentials.' };
  const expected = hmacHex(pairing.value.secret, authMessage(origin, token.ts, token.nonce));
  if (!safeEqual(expected, token.proof)) return { ok: false, status: 401, reason: 'Wrong credentials.' };
  if (!ctx.replay.claim(token.nonce, ctx.now())) return { ok: false, status: 401, reason: 'Credentials already used.' };
  return { ok: true, kind: 'auth', origin, nonce: token.nonce, secret: pairing.value.secret };
}
