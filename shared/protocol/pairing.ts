import { z } from 'zod';

/**
 * Pairing and authentication travel as a second WebSocket subprotocol token (browsers can set no
 * headers), never in a URL. Each proof is an HMAC-SHA256 over one of the strings below; the
 * platform computes it (WebCrypto in the extension, node:crypto in the companion).
 *
 *   pair:  sp-pair.<nonce>.<HMAC(code,   pairMessage(origin, nonce))>
 *   auth:  sp-auth.<ts>.<nonce>.<HMAC(secret, authMessage(origin, ts, nonce))>
 *
 * The companion answers with its own proof over the client's nonce before the client sends
 * anything, so a process squatting on the port learns nothing. The long-lived secret is derived
 * on both sides from the code and both nonces; it never travels at all.
 */
export const PAIR_PREFIX = 'sp-pair.';
export const AUTH_PREFIX = 'sp-auth.';
/** How far the client clock may be from the companion's (ms). */
export const AUTH_CLOCK_SKEW_MS = 60_000;
export const PAIRING_CODE_TTL_MS = 5 * 60_000;
export const PAIRING_MAX_ATTEMPTS = 5;

const HEX = /^[0-9a-f]+$/;
const HEX_64 = /^[0-9a-f]{64}$/;

export const pairMessage = (origin: string, nonce: string) => `sessionpilot/pair|${origin}|${nonce}`;
export const pairServerMessage = (nonce: string, serverNonce: string) => `sessionpilot/pair-server|${nonce}|${serverNonce}`;
export const pairSecretMessage = (nonce: string, serverNonce: string) => `sessionpilot/secret|${nonce}|${serverNonce}`;
export const authMessage = (origin: string, ts: number, nonce: string) => `sessionpilot/auth|${origin}|${ts}|${nonce}`;
export const authServerMessage = (nonce: string) => `sessionpilot/auth-server|${nonce}`;

/** Codes are shown as XXXX-XXXX from an alphabet without look-alikes; typing is forgiving. */
export const PAIRING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export function normalizePairingCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}
export function isPairingCodeShape(normalized: string): boolean {
  return /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$/.test(normalized);
}

export type ProofToken =
  | { kind: 'pair'; nonce: string; proof: string }
  | { kind: 'auth'; ts: number; nonce: string; proof: string };

/** Parses the credential token among the offered subprotocols; anything odd is `null`. */
export function parseProofToken(token: string): ProofToken | null {
  if (token.length > 300) return null;
  const parts = token.split('.');
  if (token.startsWith(PAIR_PREFIX) && parts.length === 3) {
    const [, nonce, proof] = parts as [string, string, string];
    if (nonce.length >= 32 && nonce.length <= 64 && HEX.test(nonce) && HEX_64.test(proof)) return { kind: 'pair', nonce, proof };
  }
  if (token.startsWith(AUTH_PREFIX) && parts.length === 4) {
    const [, tsText, nonce, proof] = parts as [string, string, string, string];
    const ts = Number(tsText);
    if (/^\d{1,16}$/.test(tsText) && Number.isSafeInteger(ts) && nonce.length >= 32 && nonce.length <= 64 && HEX.test(nonce) && HEX_64.test(proof)) {
      return { kind: 'auth', ts, nonce, proof };
    }
  }
  return null;
}

/** The first frame after a successful pairing upgrade. */
export const PairedFrameSchema = z.object({
  type: z.literal('paired'),
  serverNonce: z.string().regex(/^[0-9a-f]{32,64}$/),
  proof: z.string().regex(HEX_64),
});
export type PairedFrame = z.infer<typeof PairedFrameSchema>;

/** Extension origins only: the exact one is bound at pairing. */
export function isExtensionOrigin(origin: string): boolean {
  return /^chrome-extension:\/\/[a-p]{32}$/.test(origin) || /^moz-extension:\/\/[0-9a-f-]{36}$/.test(origin);
}
