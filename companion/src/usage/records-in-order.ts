import { ClaudeDedupe } from './claude-dedupe';
import type { FileJob } from './file-job';
import { decodeRecord, type FileState, type RowsReader, type StoreWriter } from './import-store';
import type { LogFile } from './log-paths';
import type { UsageRecord } from './usage-record';

/**
 * Deduplicates Claude's records in file order (keeping Codex's apart) as each next file's rows become
 * available, writing each file's state to the store on the way and then letting its rows go, so rows
 * and records are never both held whole.
 */
/** Records made on this thread held at most while an earlier file is still being read (~400 bytes each). */
const MADE_WAITING_MAX = 20_000;

export class RecordsInOrder {
  /** Said once the import is over (a damaged rows entry). */
  readonly notices: string[] = [];
  private readonly dedupe: ClaudeDedupe;
  private readonly codex: UsageRecord[] = [];
  private readonly pending: Set<string>;
  private readonly rowsText = new Map<string, string | null>();
  private readonly madeRecords = new Map<string, UsageRecord[]>();
  private madeWaiting = 0;
  private nextFile = 0;

  constructor(
    private readonly files: LogFile[],
    /** Each file's state; `rows` set: its rows are the last import's, in `previous`. */
    private readonly states: Record<string, Omit<FileState, 'rows'> & { rows?: FileState['rows'] }>,
    private readonly previous: RowsReader | null,
    jobs: FileJob[],
    private readonly writer: StoreWriter | null,
    costOf: (r: UsageRecord) => number = () => 0,
  ) {
    this.dedupe = new ClaudeDedupe(costOf);
    this.pending = new Set(jobs.map((j) => j.file.path));
  }

  /** A job's rows as JSON text (null: unreadable), and maybe already as records. */
  ready(path: string, rowsText: string | null, records: UsageRecord[] | undefined): void {
    this.rowsText.set(path, rowsText);
    // Records waiting for an earlier file (one long file on the other thread) are capped: past that, their text is parsed instead.
    if (records && this.madeWaiting + records.length <= MADE_WAITING_MAX) {
      this.madeRecords.set(path, records);
      this.madeWaiting += records.length;
    }
  }

  /** A job is over (read, or could not be opened); files up to the next unsettled one are taken in. */
  settled(path: string): void {
    this.pending.delete(path);
    this.advance();
  }

  private advance(): void {
    while (this.nextFile < this.files.length) {
      const file = this.files[this.nextFile]!;
      if (this.pending.has(file.path)) return;
      this.nextFile++;
      const state = this.states[file.path];
      if (!state) continue;
      const fresh = this.rowsText.get(file.path);
      this.rowsText.delete(file.path);
      let text = fresh !== undefined ? fresh : state.rows && this.previous ? this.previous.read(state.rows) : null;
      const made = this.madeRecords.get(file.path);
      this.madeRecords.delete(file.path);
      if (made) this.madeWaiting -= made.length;
      let rows: unknown[] = [];
      if (!made && text !== null) {
        try {
          // Our own text; decodeRecord still checks every row.
          const parsed: unknown = JSON.parse(text);
          if (Array.isArray(parsed)) rows = parsed;
          else text = null;
        } catch {
          text = null;
        }
      }
      if (text === null) {
        // Its records are lost: an impossible mtime makes the next import read the file again.
        this.notices.push(`the usage store's records of ${file.path} were damaged; it is read again next time`);
        this.writer?.add(file.path, { ...state, mtimeMs: -1 }, '[]');
        continue;
      }
      this.writer?.add(file.path, state, text);
      if (made) for (const r of made) this.take(r);
      else {
        for (const row of rows) {
          const r = decodeRecord(row, state.strings, state.agent);
          if (r) this.take(r);
        }
      }
    }
  }

  private take(r: UsageRecord): void {
    if (r.agent === 'claude') this.dedupe.add(r);
    else this.codex.push(r);
  }

  /** Claude's records in ccusage's order, then Codex's; the store is committed. */
  finish(): Iterable<UsageRecord> {
    this.advance();
    this.writer?.commit();
    const { dedupe, codex } = this;
    return {
      *[Symbol.iterator]() {
        yield* dedupe.records;
        yield* codex;
      },
    };
  }

  abort(): void {
    this.writer?.abort();
  }
}
