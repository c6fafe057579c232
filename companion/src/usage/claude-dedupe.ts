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
  // Both tables are keyed by message id alone (a string already in memory: no key is built per
  // record), each holding a few pairs in a flat array. exact: [rest of key, kept index, …] where the
  // rest is the request id, or "\0session\0timestamp" without one; routes: [session, kept indexes, …].
  private readonly exact = new Map<string, Array<string | number>>();
  private readonly routes = new Map<string, Array<string | number[]>>();

  constructor(private readonly costOf: (r: UsageRecord) => number) {}

  private static exactRest(r: UsageRecord): string {
    return r.requestId !== null ? r.requestId : `\u0000${r.sessionId}\u0000${r.timestamp}`;
  }

  private exactGet(msg: string, rest: string): number | undefined {
    const pairs = this.exact.get(msg);
    if (pairs) for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === rest) return pairs[i + 1] as number;
    return undefined;
  }

  private exactSet(msg: string, rest: string, index: number, overwrite: boolean): void {
    const pairs = this.exact.get(msg);
    if (!pairs) {
      this.exact.set(msg, [rest, index]);
      return;
    }
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i] === rest) {
        if (overwrite) pairs[i + 1] = index;
        return;
      }
    }
    pairs.push(rest, index);
  }

  private routeGet(msg: string, session: string): number[] | undefined {
    const pairs = this.routes.get(msg);
    if (pairs) for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === session) return pairs[i + 1] as number[];
    return undefined;
  }

  private addRoute(msg: string, session: string, index: number): void {
    const list = this.routeGet(msg, session);
    if (list) {
      if (!list.includes(index)) list.push(index);
      return;
    }
    const pairs = this.routes.get(msg);
    if (pairs) pairs.push(session, [index]);
    else this.routes.set(msg, [session, [index]]);
  }

  private shouldReplace(candidate: UsageRecord, existing: UsageRecord): boolean {
    if (candidate.isSidechain !== existing.isSidechain) return existing.isSidechain;
    const a = recordTokens(candidate);
    const b = recordTokens(existing);
    if (a !== b) return a > b;
    return this.costOf(candidate) > this.costOf(existing);
  }

  add(r: UsageRecord): void {
    const msg = r.messageId;
    if (msg === null) {
      this.kept.push(r);
      return;
    }
    const rest = ClaudeDedupe.exactRest(r);
    let index = this.exactGet(msg, rest);
    if (index !== undefined) {
      const e = this.kept[index]!;
      const same =
        e.messageId === msg &&
        e.requestId === r.requestId &&
        (r.requestId !== null || (e.sessionId === r.sessionId && e.timestamp === r.timestamp));
      if (!same) index = undefined;
    }
    if (index === undefined) {
      for (const i of this.routeGet(msg, r.sessionId) ?? []) {
        const e = this.kept[i]!;
        if (e.messageId === msg && (r.isSidechain || e.isSidechain)) {
          index = i;
          break;
        }
      }
    }
    if (index === undefined) {
      index = this.kept.length;
      this.kept.push(r);
      this.exactSet(msg, rest, index, true);
      this.addRoute(msg, r.sessionId, index);
      return;
    }
    const existing = this.kept[index]!;
    // A cross-session copy: later replays in either session find the survivor.
    if (existing.sessionId !== r.sessionId) this.addRoute(msg, r.sessionId, index);
    const files = mergeFiles(existing.files, r.files);
    let survivor = existing;
    if (this.shouldReplace(r, existing)) {
      survivor = r;
      this.exactSet(msg, rest, index, false);
      this.addRoute(msg, r.sessionId, index);
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
