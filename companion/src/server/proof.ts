import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function hmacHex(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Constant-time comparison; values of different lengths are unequal without a throw. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab); // same work either way
    return false;
  }
  return timingSafeEqual(ab, bb);
}
