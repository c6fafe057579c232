import { MARKER_TAGS } from '../../../shared/domain/marker-tags';
import { markerNeedles } from './buffer-markers';
import { FileReader } from './file-reader';
import type { GitFileSet } from './git-file-set';
import type { FileOutcome } from './marker-scan';

/** Read for this long at a time, then let git's output, progress and a cancel through. */
const SLICE_MS = 8;

/**
 * Reads the files git grep names while it is still searching the rest, so that reading them
 * overlaps the search instead of following it. Names that come before the file set is known wait
 * for it (it says which files are over the cap or left out). What was read is handed on as
 * `outcomes`; a file it has not got to is simply read later by the caller.
 */
export class HitReader {
  readonly outcomes = new Map<string, FileOutcome | null>();
  private readonly queue: string[] = [];
  private reader: FileReader | null = null;
  private accepts: ((rel: string) => boolean) | null = null;
  private scheduled = false;

  constructor(
    private readonly root: string,
    private readonly extraTags: readonly string[],
    private readonly signal?: AbortSignal,
  ) {}

  /** A file git grep named. */
  push(rel: string): void {
    this.queue.push(rel);
    this.schedule();
  }

  /** Starts reading, now that the file set is known. */
  start(gitFiles: GitFileSet, maxBytes: number): void {
    const tooLarge = new Set(gitFiles.oversize(maxBytes).map(([file]) => file));
    this.accepts = (rel) => gitFiles.holdsTracked(rel) && !tooLarge.has(rel) && !gitFiles.binaryByAttribute.has(rel);
    this.reader = new FileReader(this.root, markerNeedles([...MARKER_TAGS, ...this.extraTags]), maxBytes, Date.now());
    this.schedule();
  }

  /** Reading stops for good (the search was replaced or the scan ends). */
  stop(): void {
    this.reader = null;
    this.queue.length = 0;
  }

  private schedule(): void {
    if (this.scheduled || !this.reader || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    const started = performance.now();
    while (this.reader && this.queue.length && !this.signal?.aborted) {
      const rel = this.queue.shift()!;
      if (!this.outcomes.has(rel) && this.accepts!(rel)) this.outcomes.set(rel, this.reader.read(rel, undefined));
      if (performance.now() - started > SLICE_MS) break;
    }
    this.schedule();
  }
}
