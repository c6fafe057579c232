import { recordTokens, type UsageRecord } from './usage-record';

/**
 * Claude Code writes one API response as several lines (one per content block) that repeat its
 * usage, copies responses into other sessions' transcripts, and replays parent messages in
 * sidechain logs. This keeps one record per response the way ccusage 20.0.24's daily report does,
 * checked against its binary on data whose duplicates differ:
 * - with a requestId, message id + request id identify a response, across sessions;
 * - without one, message id + session + timestamp;
 * - a message id seen again in the same session with a different request id is the same response
 *   when either copy is a sidechain (a replay), whatever the timestamps;
 * - of two copies the survivor is the non-sidechain one, else the one with more tokens, else the
 *   costlier, else the first seen (its timestamp, hence its day, is the one that counts).
 * Input must come in ccusage's order: files sorted by path, lines in file order.
 */
export class ClaudeDedupe {
  readonly kept: UsageRecord[] = [];
  private readonly exact = new Map<string, number>();
  private readonly routes = new Map<string, number[]>();

  constructor(private readonly costOf: (r: UsageRecord) => number) {}

  private static exactKey(r: UsageRecord): string {
    return r.requestId !== null ? `${r.messageId}\u0000${r.requestId}` : `${r.messageId}\u0000\u0000${r.sessionId}\u0000${r.timestamp}`;
  }

  private addRoute(key: string, index: number): void {
    const list = this.routes.get(key);
    if (!list) this.routes.set(key, [index]);
    else if (!list.includes(index)) list.push(index);
  }

  private shouldReplace(candidate: UsageRecord, existing: UsageRecord): boolean {
    if (candidate.isSidechain !== existing.isSidechain) return existing.isSidechain;
    const a = recordTokens(candidate);
    const b = recordTokens(existing);
    if (a !== b) return a > b;
    return this.costOf(candidate) > this.costOf(existing);
  }

  add(r: UsageRecord): void {
    if (r.messageId === null) {
      this.kept.push(r);
      return;
    }
    const key = ClaudeDedupe.exactKey(r);
    let index = this.exact.get(key);
    if (index !== undefined) {
      const e = this.kept[index]!;
      const same =
        e.messageId === r.messageId &&
        e.requestId === r.requestId &&
        (r.requestId !== null || (e.sessionId === r.sessionId && e.timestamp === r.timestamp));
      if (!same) index = undefined;
    }
    const route = `${r.messageId}\u0000${r.sessionId}`;
    if (index === undefined) {
      for (const i of this.routes.get(route) ?? []) {
        const e = this.kept[i]!;
        if (e.messageId === r.messageId && (r.isSidechain || e.isSidechain)) {
          index = i;
          break;
        }
      }
    }
    if (index === undefined) {
      index = this.kept.length;
      this.kept.push(r);
      this.exact.set(key, index);
      this.addRoute(route, index);
      return;
    }
    const existing = this.kept[index]!;
    // A cross-session copy: later replays in either session find the survivor.
    if (existing.sessionId !== r.sessionId) this.addRoute(route, index);
    const files = mergeFiles(existing.files, r.files);
    let survivor = existing;
    if (this.shouldReplace(r, existing)) {
      survivor = r;
      if (!this.exact.has(key)) this.exact.set(key, index);
      this.addRoute(route, index);
    }
    // Records stay as read (they are cached per file); a merged file list gets a copy.
    this.kept[index] = files === survivor.files ? survivor : { ...survivor, files };
  }
}

function mergeFiles(a: string[] | null, b: string[] | null): string[] | null {
  if (!a || a.length === 0) return b;
  if (!b || b.length === 0) return a;
  const out = [...a];
  for (const f of b) if (!out.includes(f)) out.push(f);
  return out;
}
