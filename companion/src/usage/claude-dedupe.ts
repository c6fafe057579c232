import { KeptRecords } from './kept-records';
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
  /** The records kept so far, in the order first seen. */
  readonly records = new KeptRecords();
  // One table keyed by message id alone (a string already in memory: no key is built per record),
  // holding a few triples in a flat array: [EXACT, rest of key, kept index] where the rest is the
  // request id, or "\0session\0timestamp" without one, and [ROUTE, session, kept index].
  private readonly byMessage = new Map<string, Array<string | number>>();

  /** `costOf` prices a record from its model, stated cost and token counts only. */
  constructor(private readonly costOf: (r: UsageRecord) => number) {}

  /** The kept records as objects (made anew on each call). */
  get kept(): UsageRecord[] {
    return [...this.records];
  }

  private static exactRest(r: UsageRecord): string {
    return r.requestId !== null ? r.requestId : `\u0000${r.sessionId}\u0000${r.timestamp}`;
  }

  private exactGet(msg: string, rest: string): number | undefined {
    const t = this.byMessage.get(msg);
    if (t) for (let i = 0; i < t.length; i += 3) if (t[i] === EXACT && t[i + 1] === rest) return t[i + 2] as number;
    return undefined;
  }

  private exactSet(msg: string, rest: string, index: number, overwrite: boolean): void {
    const t = this.byMessage.get(msg);
    if (!t) {
      this.byMessage.set(msg, [EXACT, rest, index]);
      return;
    }
    for (let i = 0; i < t.length; i += 3) {
      if (t[i] === EXACT && t[i + 1] === rest) {
        if (overwrite) t[i + 2] = index;
        return;
      }
    }
    t.push(EXACT, rest, index);
  }

  /** Routes of one session are kept in the order added, once each. */
  private addRoute(msg: string, session: string, index: number): void {
    const t = this.byMessage.get(msg);
    if (!t) {
      this.byMessage.set(msg, [ROUTE, session, index]);
      return;
    }
    for (let i = 0; i < t.length; i += 3) if (t[i] === ROUTE && t[i + 1] === session && t[i + 2] === index) return;
    t.push(ROUTE, session, index);
  }

  private shouldReplace(candidate: UsageRecord, existing: number): boolean {
    const kept = this.records;
    if (candidate.isSidechain !== kept.isSidechain(existing)) return kept.isSidechain(existing);
    const a = recordTokens(candidate);
    const b = kept.tokens(existing);
    if (a !== b) return a > b;
    // The lines of one response repeat its usage: same price inputs, same price, no need to work it out.
    if (kept.samePriceInputs(existing, candidate)) return false;
    return this.costOf(candidate) > this.costOf(kept.at(existing));
  }

  add(r: UsageRecord): void {
    const kept = this.records;
    const msg = r.messageId;
    if (msg === null) {
      kept.push(r);
      return;
    }
    const rest = ClaudeDedupe.exactRest(r);
    let index = this.exactGet(msg, rest);
    if (index !== undefined) {
      const same =
        kept.messageId(index) === msg &&
        kept.requestId(index) === r.requestId &&
        (r.requestId !== null || (kept.sessionId(index) === r.sessionId && kept.timestamp(index) === r.timestamp));
      if (!same) index = undefined;
    }
    if (index === undefined) {
      const t = this.byMessage.get(msg);
      if (t) {
        for (let i = 0; i < t.length; i += 3) {
          if (t[i] !== ROUTE || t[i + 1] !== r.sessionId) continue;
          const k = t[i + 2] as number;
          if (kept.messageId(k) === msg && (r.isSidechain || kept.isSidechain(k))) {
            index = k;
            break;
          }
        }
      }
    }
    if (index === undefined) {
      index = kept.push(r);
      // Most message ids are seen once: their table is made whole (an array grown by push takes several times the room).
      if (!this.byMessage.has(msg)) this.byMessage.set(msg, [EXACT, rest, index, ROUTE, r.sessionId, index]);
      else {
        this.exactSet(msg, rest, index, true);
        this.addRoute(msg, r.sessionId, index);
      }
      return;
    }
    // A cross-session copy: later replays in either session find the survivor.
    if (kept.sessionId(index) !== r.sessionId) this.addRoute(msg, r.sessionId, index);
    const files = mergeFiles(kept.filesOf(index), r.files);
    if (this.shouldReplace(r, index)) {
      kept.set(index, r, files);
      this.exactSet(msg, rest, index, false);
      this.addRoute(msg, r.sessionId, index);
    } else if (files !== kept.filesOf(index)) kept.set(index, kept.at(index), files);
  }
}

const EXACT = 0;
const ROUTE = 1;

function mergeFiles(a: string[] | null, b: string[] | null): string[] | null {
  if (!a || a.length === 0) return b;
  if (!b || b.length === 0) return a;
  const out = [...a];
  for (const f of b) if (!out.includes(f)) out.push(f);
  return out;
}
