import { watch, type FSWatcher } from 'node:fs';
import { join, sep } from 'node:path';

/** At most this many folders are watched (one inotify watch each); beyond that, changes deeper are not seen. */
export const MAX_WATCHED_DIRS = 8_000;

export interface TreeChanges {
  /** Changed paths relative to the root, `/`-separated (work-tree files only). */
  files: Set<string>;
  /** Something under .git changed: HEAD, the index, refs, a merge or rebase. */
  git: boolean;
}

/**
 * Watches the folders that hold the scan's files (not ignored trees like node_modules) plus the
 * git dir, and reports batches of changed paths after a quiet `debounceMs`.
 */
export class TreeWatcher {
  private readonly watchers: FSWatcher[] = [];
  private pending: TreeChanges = { files: new Set(), git: false };
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly watchedDirs: number;

  constructor(
    root: string,
    files: readonly string[],
    gitDir: string | null,
    private readonly onChanges: (changes: TreeChanges) => void,
    private readonly debounceMs = 250,
    /** Extra folders (relative) to watch though git ignores them: where test reports land. */
    extraDirs: readonly string[] = [],
  ) {
    const dirs = new Set<string>(['', ...extraDirs]);
    for (const f of files) {
      const slash = f.lastIndexOf('/');
      if (slash > 0) dirs.add(f.slice(0, slash));
      if (dirs.size >= MAX_WATCHED_DIRS) break;
    }
    for (const dir of dirs) this.add(join(root, dir), (name) => this.file(dir ? `${dir}/${name}` : name));
    if (gitDir) {
      this.add(gitDir, () => this.gitChanged());
      this.add(join(gitDir, 'refs', 'heads'), () => this.gitChanged());
    }
    this.watchedDirs = this.watchers.length;
  }

  private add(dir: string, onName: (name: string) => void): void {
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        if (name) onName(String(name));
        else this.gitChanged();
      });
      w.on('error', () => w.close());
      this.watchers.push(w);
    } catch {
      /* a folder that vanished, or no watches left: changes there are not seen */
    }
  }

  private file(rel: string): void {
    if (rel === '.git' || rel.startsWith('.git/')) return;
    this.pending.files.add(rel.split(sep).join('/'));
    this.schedule();
  }

  private gitChanged(): void {
    this.pending.git = true;
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const batch = this.pending;
      this.pending = { files: new Set(), git: false };
      this.onChanges(batch);
    }, this.debounceMs);
  }

  close(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
  }
}
