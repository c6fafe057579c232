import type { UsageRecord } from './usage-record';

const NUMBERS = 7; // timestamp, costUSD (NaN for none), input, output, cache write, cache write 1h, cache read

/**
 * Claude records kept by deduplication, a column per field instead of an object per record: about
 * 90 bytes a record plus its two ids, where an object with its fields took several times that.
 * Session, model and folder names are stored once each.
 */
export class KeptRecords {
  length = 0;
  private numbers = new Float64Array(1024 * NUMBERS);
  private names = new Int32Array(1024 * 3); // session, model, cwd; -1 for null
  private sidechain = new Uint8Array(1024);
  private readonly messageIds: Array<string | null> = [];
  private readonly requestIds: Array<string | null> = [];
  private readonly files = new Map<number, string[]>();
  private readonly nameList: string[] = [];
  private readonly nameIndex = new Map<string, number>();

  private nameOf(s: string | null): number {
    if (s === null) return -1;
    let i = this.nameIndex.get(s);
    if (i === undefined) {
      i = this.nameList.length;
      this.nameList.push(s);
      this.nameIndex.set(s, i);
    }
    return i;
  }

  private grow(): void {
    const cap = this.sidechain.length * 2;
    const numbers = new Float64Array(cap * NUMBERS);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const names = new Int32Array(cap * 3);
    names.set(this.names);
    this.names = names;
    const sidechain = new Uint8Array(cap);
    sidechain.set(this.sidechain);
    this.sidechain = sidechain;
  }

  push(r: UsageRecord): number {
    if (this.length === this.sidechain.length) this.grow();
    const i = this.length++;
    this.messageIds.push(null);
    this.requestIds.push(null);
    this.set(i, r, r.files);
    return i;
  }

  /** Record `i` becomes `r`, with `files` as its edited files. */
  set(i: number, r: UsageRecord, files: string[] | null): void {
    const n = i * NUMBERS;
    const num = this.numbers;
    num[n] = r.timestamp;
    num[n + 1] = r.costUSD === null ? NaN : r.costUSD;
    num[n + 2] = r.inputTokens;
    num[n + 3] = r.outputTokens;
    num[n + 4] = r.cacheCreationTokens;
    num[n + 5] = r.cacheWrite1hTokens;
    num[n + 6] = r.cacheReadTokens;
    this.names[i * 3] = this.nameOf(r.sessionId);
    this.names[i * 3 + 1] = this.nameOf(r.model);
    this.names[i * 3 + 2] = this.nameOf(r.cwd);
    this.sidechain[i] = r.isSidechain ? 1 : 0;
    this.messageIds[i] = r.messageId;
    this.requestIds[i] = r.requestId;
    if (files && files.length) this.files.set(i, files);
    else this.files.delete(i);
  }

  messageId = (i: number): string | null => this.messageIds[i]!;
  requestId = (i: number): string | null => this.requestIds[i]!;
  sessionId = (i: number): string => this.nameList[this.names[i * 3]!]!;
  timestamp = (i: number): number => this.numbers[i * NUMBERS]!;
  isSidechain = (i: number): boolean => this.sidechain[i] === 1;
  filesOf = (i: number): string[] | null => this.files.get(i) ?? null;

  tokens(i: number): number {
    const n = i * NUMBERS;
    const num = this.numbers;
    return num[n + 2]! + num[n + 3]! + num[n + 4]! + num[n + 6]!;
  }

  /** Whether record `i` has `r`'s model, stated cost and token counts: all a price is worked out from. */
  samePriceInputs(i: number, r: UsageRecord): boolean {
    const n = i * NUMBERS;
    const num = this.numbers;
    const cost = num[n + 1]!;
    const model = this.names[i * 3 + 1]!;
    return (
      (r.costUSD === null ? Number.isNaN(cost) : cost === r.costUSD) &&
      (r.model === null ? model < 0 : model >= 0 && this.nameList[model] === r.model) &&
      num[n + 2] === r.inputTokens &&
      num[n + 3] === r.outputTokens &&
      num[n + 4] === r.cacheCreationTokens &&
      num[n + 5] === r.cacheWrite1hTokens &&
      num[n + 6] === r.cacheReadTokens
    );
  }

  /** Record `i` as an object (made anew on each call). */
  at(i: number): UsageRecord {
    const n = i * NUMBERS;
    const num = this.numbers;
    const name = (k: number) => (k < 0 ? null : this.nameList[k]!);
    const cost = num[n + 1]!;
    return {
      agent: 'claude',
      timestamp: num[n]!,
      sessionId: this.sessionId(i),
      messageId: this.messageIds[i]!,
      requestId: this.requestIds[i]!,
      isSidechain: this.sidechain[i] === 1,
      model: name(this.names[i * 3 + 1]!),
      cwd: name(this.names[i * 3 + 2]!),
      costUSD: Number.isNaN(cost) ? null : cost,
      inputTokens: num[n + 2]!,
      outputTokens: num[n + 3]!,
      cacheCreationTokens: num[n + 4]!,
      cacheWrite1hTokens: num[n + 5]!,
      cacheReadTokens: num[n + 6]!,
      files: this.filesOf(i),
    };
  }

  *[Symbol.iterator](): Generator<UsageRecord> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}
