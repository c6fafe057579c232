import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeProjectDirs, codexSessionDirs, findLogFiles } from './log-paths';
import { assistantLine, codexTokenCount, codexTurn, toolResultLine } from './log-fixtures';
import { importUsage } from './usage-import';
import { buildUsageReport, loadUsageEntries } from './usage-report';

let base: string;
let env: NodeJS.ProcessEnv;
let home: string;
let project: string;
const savedTz = process.env.TZ;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'sp-usage-'));
  home = join(base, 'sp-home');
  project = join(base, 'claude', 'projects', '-home-dev-app');
  mkdirSync(project, { recursive: true });
  env = { HOME: join(base, 'home'), CLAUDE_CONFIG_DIR: join(base, 'claude'), CODEX_HOME: join(base, 'codex') };
  process.env.TZ = 'UTC';
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const line = (n: number, extra: Partial<Parameters<typeof assistantLine>[0]> = {}) =>
  assistantLine({ ts: `2025-06-0${1 + (n % 3)}T10:00:0${n % 10}.000Z`, msgId: `msg_${n}`, reqId: `req_${n}`, output: 10 * n, ...extra });

describe('finding the logs', () => {
  it('honours CLAUDE_CONFIG_DIR (comma-separated, a projects/ folder itself) and CODEX_HOME', () => {
    const second = join(base, 'other', 'projects');
    mkdirSync(second, { recursive: true });
    const dirs = claudeProjectDirs({ ...env, CLAUDE_CONFIG_DIR: ` ${join(base, 'claude')} ,${second},${join(base, 'missing')}` });
    expect(dirs.dirs).toEqual([join(base, 'claude', 'projects'), second]);
    mkdirSync(join(base, 'codex', 'archived_sessions'), { recursive: true });
    expect(codexSessionDirs(env).dirs).toEqual([join(base, 'codex', 'archived_sessions')]);
  });

  it('without CLAUDE_CONFIG_DIR looks in $HOME/.config/claude and $HOME/.claude', () => {
    mkdirSync(join(base, 'home', '.claude', 'projects', 'p'), { recursive: true });
    writeFileSync(join(base, 'home', '.claude', 'projects', 'p', 's.jsonl'), `${line(1)}\n`);
    const found = findLogFiles({ HOME: join(base, 'home') });
    expect(found.files.map((f) => f.path)).toEqual([join(base, 'home', '.claude', 'projects', 'p', 's.jsonl')]);
    expect(findLogFiles({ HOME: join(base, 'nowhere') }).notices[0]).toMatch(/no agent logs found/);
  });
});

describe('importUsage', () => {
  it('reads only appended bytes on a re-import, and nothing at all when no file changed', async () => {
    const file = join(project, 's1.jsonl');
    writeFileSync(file, `${line(1)}\n${toolResultLine('2025-06-01T10:00:01.000Z', 'z'.repeat(50_000))}\n${line(2)}\n`);
    const first = await importUsage({ env, home });
    expect(first.records.map((r) => r.outputTokens)).toEqual([10, 20]);
    const appended = `${line(3)}\n`;
    appendFileSync(file, appended);
    const second = await importUsage({ env, home });
    expect(second.stats).toMatchObject({ filesRead: 1, bytesRead: Buffer.byteLength(appended) });
    expect(second.records.map((r) => r.outputTokens)).toEqual([10, 20, 30]);
    const third = await importUsage({ env, home });
    expect(third.stats).toMatchObject({ filesRead: 0, bytesRead: 0 });
    expect(third.records).toHaveLength(3);
  });

  it('re-reads a file that shrank or was replaced, and drops one that disappeared', async () => {
    const file = join(project, 's1.jsonl');
    writeFileSync(file, `${line(1)}\n${line(2)}\n`);
    await importUsage({ env, home });
    writeFileSync(file, `${line(4)}\n`);
    expect((await importUsage({ env, home })).records.map((r) => r.outputTokens)).toEqual([40]);
    const replacement = join(base, 'replacement.jsonl');
    writeFileSync(replacement, `${line(5)}\n${line(6)}\n${line(7)}\n`);
    renameSync(replacement, file); // a new inode, larger: not an append
    expect((await importUsage({ env, home })).records.map((r) => r.outputTokens)).toEqual([50, 60, 70]);
    rmSync(file);
    expect((await importUsage({ env, home })).records).toEqual([]);
  });

  it('counts an unfinished last line once it is finished, and counts malformed lines without failing', async () => {
    const file = join(project, 's1.jsonl');
    const third = line(3);
    writeFileSync(file, `${line(1)}\n{"type":"assistant","message":{"usage":{"input_tokens":1\n${third.slice(0, 40)}`);
    const first = await importUsage({ env, home });
    expect(first.records).toHaveLength(1);
    expect(first.stats).toMatchObject({ malformedLines: 1, truncatedLines: 1 });
    appendFileSync(file, `${third.slice(40)}\n`);
    const second = await importUsage({ env, home });
    expect(second.records.map((r) => r.outputTokens)).toEqual([10, 30]);
    expect(second.stats).toMatchObject({ truncatedLines: 0 });
  });

  it('keeps rows in a rows file beside the state, and reads a file again when its stored rows are damaged', async () => {
    const file = join(project, 's1.jsonl');
    writeFileSync(file, `${line(1)}\n${line(2)}\n`);
    await importUsage({ env, home });
    const rowsFiles = () => readdirSync(join(home, 'usage')).filter((f) => f.startsWith('import-rows.'));
    expect(rowsFiles()).toHaveLength(1);
    writeFileSync(join(home, 'usage', rowsFiles()[0]!), 'x'.repeat(400));
    appendFileSync(file, `${line(3)}\n`);
    const damaged = await importUsage({ env, home });
    expect(damaged.notices.join(' ')).toMatch(/damaged/);
    const healed = await importUsage({ env, home });
    expect(healed.stats).toMatchObject({ filesRead: 1 });
    expect(healed.records.map((r) => r.outputTokens)).toEqual([10, 20, 30]);
    expect(rowsFiles()).toHaveLength(1);
  });

  it('keeps a Codex session’s running totals between imports', async () => {
    const dir = join(base, 'codex', 'sessions', '2025', '09', '10');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'rollout-1.jsonl');
    writeFileSync(file, `${codexTurn('2025-09-10T10:00:00.000Z', 'gpt-5-codex')}\n${codexTokenCount('2025-09-10T10:00:05.000Z', [1000, 200, 100, 0])}\n`);
    await importUsage({ env, home });
    appendFileSync(file, `${codexTokenCount('2025-09-10T10:01:05.000Z', [3000, 1200, 300, 0])}\n`);
    const second = await importUsage({ env, home });
    expect(second.stats.bytesRead).toBeGreaterThan(0);
    expect(second.records.map((r) => [r.model, r.inputTokens, r.cacheReadTokens, r.outputTokens])).toEqual([
      ['gpt-5-codex', 800, 200, 100],
      ['gpt-5-codex', 1000, 1000, 200],
    ]);
  });
});

describe('buildUsageReport and loadUsageEntries', () => {
  it('reports days, reuses the cached days when nothing changed, and recomputes when a file grows', async () => {
    const file = join(project, 's1.jsonl');
    writeFileSync(file, `${line(1)}\n${line(2)}\n`);
    const first = await buildUsageReport({ env, home });
    expect(first.fromCache).toBe(false);
    expect(first.report.daily.map((d) => [d.date, d.outputTokens])).toEqual([['2025-06-02', 10], ['2025-06-03', 20]]);
    const again = await buildUsageReport({ env, home, since: '2025-06-03' });
    expect(again.fromCache).toBe(true);
    expect(again.report.totals.outputTokens).toBe(20);
    appendFileSync(file, `${line(4)}\n`);
    const grown = await buildUsageReport({ env, home });
    expect(grown.fromCache).toBe(false);
    expect(grown.report.totals.outputTokens).toBe(70);
  });

  it('applies price overrides from usage/prices.json and shows unknown models as unpriced, not $0', async () => {
    writeFileSync(join(project, 's1.jsonl'), `${line(1, { model: 'claude-experimental-x', input: 1_000_000, output: 0 })}\n`);
    const unknown = await buildUsageReport({ env, home });
    expect(unknown.report.totals).toMatchObject({ totalCost: 0, unpricedModels: ['claude-experimental-x'] });
    mkdirSync(join(home, 'usage'), { recursive: true });
    writeFileSync(join(home, 'usage', 'prices.json'), JSON.stringify({ 'claude-experimental-x': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 } }));
    const priced = await buildUsageReport({ env, home });
    expect(priced.report.totals).toMatchObject({ totalCost: 2, unpricedModels: [] });
  });

  it('gives each entry its cwd, session, time, model, tokens, cost and edited files for attribution', async () => {
    const content = [{ type: 'tool_use', id: 't1', name: 'Edit', input: { file_path: '/home/dev/app/src/a.ts', old_string: 'a', new_string: 'b' } }];
    writeFileSync(join(project, 's1.jsonl'), `${line(1, { content, cwd: '/home/dev/app/src' })}\n`);
    const { entries } = await loadUsageEntries({ env, home });
    expect(entries).toEqual([
      expect.objectContaining({ agent: 'claude', cwd: '/home/dev/app/src', sessionId: 'session-1', model: 'claude-sonnet-4-20250514', outputTokens: 10, files: ['/home/dev/app/src/a.ts'] }),
    ]);
    expect(entries[0]!.cost).toBeCloseTo((3 * 3 + 10 * 15) / 1e6, 12);
    expect(readFileSync(join(home, 'usage', 'import-state.json'), 'utf8')).not.toContain('Done.');
  });
});
