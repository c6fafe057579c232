import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageWatcher } from './usage-watcher';

let dir: string;
let watcher: UsageWatcher | undefined;
afterEach(() => {
  watcher?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('UsageWatcher', () => {
  it('reports new .jsonl writes once per quiet spell, ignores other files, and picks up a folder created later', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sp-usage-watch-'));
    let changes = 0;
    watcher = new UsageWatcher({ CLAUDE_CONFIG_DIR: join(dir, 'claude'), CODEX_HOME: join(dir, 'codex'), HOME: dir }, () => changes++, 100, 200);
    expect(watcher.dirs).toEqual([]);
    mkdirSync(join(dir, 'claude', 'projects', 'app'), { recursive: true });
    await expect.poll(() => watcher!.dirs.length, { timeout: 3_000 }).toBe(1);
    writeFileSync(join(dir, 'claude', 'projects', 'app', 'notes.txt'), 'x');
    await new Promise((r) => setTimeout(r, 400));
    expect(changes).toBe(0);
    writeFileSync(join(dir, 'claude', 'projects', 'app', 'a.jsonl'), '{}\n');
    writeFileSync(join(dir, 'claude', 'projects', 'app', 'b.jsonl'), '{}\n');
    await expect.poll(() => changes, { timeout: 3_000 }).toBe(1);
  });
});
