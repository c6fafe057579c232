/** Remembers auth nonces for the clock-skew window so a captured proof cannot be replayed. */
export class ReplayCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly windowMs: number) {}

  /** True the first time a nonce is seen within the window. */
  claim(nonce: string, now: number): boolean {
    for (const [n, at] of this.seen) {
      if (now - at > this.windowMs * 2) this.seen.delete(n);
      else break; // insertion order: the rest are newer
    }
    if (this.seen.has(nonce)) return false;
    if (this.seen.size > 10_000) return false; // a flood of fresh proofs: refuse rather than grow
    this.seen.set(nonce, now);
    return true;
  }
}
