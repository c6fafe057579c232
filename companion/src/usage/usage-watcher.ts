import { watch, type FSWatcher } from 'node:fs';
import { claudeProjectDirs, codexSessionDirs } from './log-paths';

/**
 * Watches the agents' log folders (Claude Code's projects/, Codex's sessions/) and reports, after
 * a quiet `debounceMs`, that new usage may be there. Only .jsonl files count. Folders that do not
 * exist are skipped; a watch that fails (too many watches, a folder removed) ends quietly.
 */
export class UsageWatcher {
  private readonly watchers: FSWatcher[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly recheck: ReturnType<typeof setInterval>;
  readonly dirs: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv, private readonly onChange: () => void, private readonly debounceMs = 1_500, recheckMs = 15_000) {
    this.follow();
    // An agent installed (or first run) during the session creates its folder later: look again.
    this.recheck = setInterval(() => this.follow(), recheckMs);
    this.recheck.unref?.();
  }

  private follow(): void {
    for (const dir of [...claudeProjectDirs(this.env).dirs, ...codexSessionDirs(this.env).dirs]) {
      if (this.dirs.includes(dir)) continue;
      try {
        const w = watch(dir, { recursive: true }, (_event, name) => {
          if (name === null || String(name).endsWith('.jsonl')) this.poke();
        });
        w.on('error', () => w.close());
        this.watchers.push(w);
        this.dirs.push(dir);
      } catch {
        // Not watchable here: usage is still read on request.
      }
    }
  }

  private poke(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onChange(), this.debounceMs);
  }

  close(): void {
    clearTimeout(this.timer);
    clearInterval(this.recheck);
    for (const w of this.watchers) w.close();
    this.watchers.length = 0;
  }
}
