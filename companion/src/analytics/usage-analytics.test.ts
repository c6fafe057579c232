import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanionConnection } from '../../../extension/lib/companion/companion-connection';
import { pairWithCompanion } from '../../../extension/lib/companion/pair-with-companion';
import type { MethodResult } from '../../../shared/protocol/methods';
import { assistantLine } from '../usage/log-fixtures';
import { cleanup, EXT_ORIGIN, nodeOpener, startHarness, type Harness } from '../server/test-fixtures';

// `usage.analytics` over a real socket against the CLI's `usage --json` (the built bin, run the way
// the CLI contract measures it) on one generated corpus: differing streamed duplicates, resumed
// sessions, sidechains, Codex cumulative totals, an unpriced model, malformed lines.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repoRoot, 'companion', 'dist', 'sessionpilot.js');
const TZ = 'Asia/Kolkata';
const saved = { tz: process.env.TZ, claude: process.env.CLAUDE_CONFIG_DIR, codex: process.env.CODEX_HOME };
let base: string;
let h: Harness;
let conn: CompanionConnection;
let allowed: string;
let workspace: string;

function restore(key: 'TZ' | 'CLAUDE_CONFIG_DIR' | 'CODEX_HOME', value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`No built CLI at ${bin}: run "npm install" (its prepare step builds it).`);
  base = mkdtempSync(join(tmpdir(), 'sp-analytics-'));
  const gen = spawnSync(process.execPath, ['bench/make-usage-corpus.mjs', '--out', join(base, 'corpus'), '--mb', '4', '--seed', '5'], { cwd: repoRoot, encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`corpus generation failed: ${gen.stderr}`);
  // One generated project is an allowed root; the others are folders the user never allowed.
  const projectDir = readdirSync(join(base, 'corpus', 'claude', 'projects')).sort()[0]!;
  allowed = `/home/dev/code/${projectDir.slice('-home-dev-code-'.length)}`;
  // A real workspace with agent turns right now: an active block, and usage for a SessionPilot task.
  workspace = join(base, 'shop');
  mkdirSync(workspace);
  workspace = realpathSync(workspace);
  const now = Date.now();
  const iso = (msAgo: number) => new Date(now - msAgo).toISOString();
  mkdirSync(join(base, 'corpus', 'claude', 'projects', 'shop'));
  writeFileSync(
    join(base, 'corpus', 'claude', 'projects', 'shop', 'live.jsonl'),
    [
      assistantLine({ ts: iso(40 * 60_000), msgId: 'live1', reqId: 'rl1', cwd: workspace, input: 4000, output: 1000, model: 'claude-sonnet-4-5-20250929' }),
      assistantLine({ ts: iso(20 * 60_000), msgId: 'live2', reqId: 'rl2', cwd: workspace, input: 2000, output: 500, model: 'claude-sonnet-4-5-20250929' }),
    ].join('\n') + '\n',
  );
  process.env.TZ = TZ;
  process.env.CLAUDE_CONFIG_DIR = join(base, 'corpus', 'claude');
  process.env.CODEX_HOME = join(base, 'corpus', 'codex');
  h = await startHarness();
  h.state.writeConfig({ roots: [allowed, workspace] });
  h.state.writePendingPairing({ code: 'K7QX-M2PD', expiresAt: Date.now() + 60_000, attempts: 0 });
  const paired = await pairWithCompanion({ url: h.url, origin: EXT_ORIGIN, code: 'k7qx-m2pd', open: nodeOpener(), probe: async () => true });
  if (!paired.ok) throw new Error('pairing failed');
  conn = new CompanionConnection({ url: h.url, origin: EXT_ORIGIN, secret: paired.value.secret, open: nodeOpener(), appVersion: 't' });
  await conn.connect();
}, 60_000);

afterAll(async () => {
  conn?.close();
  await h?.stop();
  if (h) cleanup(h.home);
  if (base) rmSync(base, { recursive: true, force: true });
  restore('TZ', saved.tz);
  restore('CLAUDE_CONFIG_DIR', saved.claude);
  restore('CODEX_HOME', saved.codex);
});

interface CliReport {
  daily: Array<{ date: string; inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number; totalTokens: number; totalCost: number }>;
  totals: { inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number; totalTokens: number; totalCost: number };
}

function cliUsage(...args: string[]): CliReport {
  const env = { PATH: process.env.PATH ?? '', HOME: base, TZ, SESSIONPILOT_HOME: join(base, 'cli-home'), CLAUDE_CONFIG_DIR: join(base, 'corpus', 'claude'), CODEX_HOME: join(base, 'corpus', 'codex') };
  const r = spawnSync(process.execPath, [bin, 'usage', '--json', ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`sessionpilot usage failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CliReport;
}

async function analytics(params: Parameters<typeof conn.request<'usage.analytics'>>[1]): Promise<MethodResult<'usage.analytics'>> {
  const r = await conn.request('usage.analytics', params, { timeoutMs: 60_000 });
  if (!r.ok) throw new Error(`usage.analytics failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

const tokens = (d: { inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number; totalTokens: number }) => [d.inputTokens, d.outputTokens, d.cacheCreationTokens, d.cacheReadTokens, d.totalTokens];
const sum = <T,>(rows: readonly T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);
type Counted = { totalTokens: number; inputTokens: number; cost: number };

describe('usage.analytics equals the CLI’s usage on the same data', () => {
  it('has the same days, daily tokens and costs, and totals as `usage --json`, and its breakdowns add up to them', async () => {
    const cli = cliUsage();
    const a = await analytics({});
    expect(cli.daily.length).toBeGreaterThan(8);
    expect(a.daily.map((d) => [d.date, ...tokens(d)])).toEqual(cli.daily.map((d) => [d.date, ...tokens(d)]));
    for (const [i, d] of cli.daily.entries()) expect(a.daily[i]!.totalCost).toBeCloseTo(d.totalCost, 6);
    expect(tokens(a.totals)).toEqual(tokens(cli.totals));
    expect(a.totals.totalCost).toBeCloseTo(cli.totals.totalCost, 6);
    // The unpriced model is named, not priced at $0.
    expect(a.totals.unpricedModels).toContain('claude-experimental-x');

    // Day × model rows add up to each CLI day; models and folders add up to the CLI totals.
    for (const d of cli.daily) {
      const rows = a.dailyByModel.filter((r) => r.date === d.date);
      expect(sum(rows, (r) => r.totalTokens)).toBe(d.totalTokens);
      expect(sum(rows, (r) => r.cost)).toBeCloseTo(d.totalCost, 6);
    }
    for (const rows of [a.byModel, a.byFolder] as Counted[][]) {
      expect(sum(rows, (r) => r.totalTokens)).toBe(cli.totals.totalTokens);
      expect(sum(rows, (r) => r.inputTokens)).toBe(cli.totals.inputTokens);
      expect(sum(rows, (r) => r.cost)).toBeCloseTo(cli.totals.totalCost, 6);
    }
  });

  it('gives the same days and totals as `usage --since --until`', async () => {
    const days = cliUsage().daily.map((d) => d.date);
    const [since, until] = [days[2]!, days[6]!];
    const cli = cliUsage('--since', since, '--until', until);
    const a = await analytics({ since, until });
    expect(cli.daily.map((d) => d.date)).toEqual(days.slice(2, 7));
    expect(a.daily.map((d) => [d.date, ...tokens(d)])).toEqual(cli.daily.map((d) => [d.date, ...tokens(d)]));
    expect(tokens(a.totals)).toEqual(tokens(cli.totals));
    expect(a.totals.totalCost).toBeCloseTo(cli.totals.totalCost, 6);
    expect(sum(a.byModel, (r) => r.totalTokens)).toBe(cli.totals.totalTokens);
  });

  it('names only folders inside the allowed roots and pools the rest in one row without a path', async () => {
    const a = await analytics({});
    const named = a.byFolder.filter((r) => r.path !== null);
    expect(named.length).toBeGreaterThan(0);
    for (const r of named) expect(r.path === workspace || r.path === allowed || r.path!.startsWith(`${allowed}/`)).toBe(true);
    expect(a.byFolder.filter((r) => r.path === null)).toHaveLength(1);
    expect(a.byFolder.at(-1)!.path).toBeNull();
    const other = readdirSync(join(base, 'corpus', 'claude', 'projects')).sort()[1]!.slice('-home-dev-code-'.length);
    expect(JSON.stringify(a)).not.toContain(other);
  });

  it('finds the running 5-hour block with its burn rate and projection, and a P90 estimate from past blocks', async () => {
    const a = await analytics({ recentBlocks: 5 });
    const claude = a.blocks.find((b) => b.agent === 'claude')!;
    expect(claude.active).not.toBeNull();
    const active = claude.active!;
    expect(active).toMatchObject({ isActive: true, turns: 2, inputTokens: 6000, outputTokens: 1500 });
    expect(active.startTime % 3_600_000).toBe(0);
    expect(active.endTime - active.startTime).toBe(5 * 3_600_000);
    // 7,500 tokens over the 20 minutes between the two turns.
    expect(active.burnRate!.tokensPerMinute).toBeCloseTo(375, 0);
    expect(active.projection!.totalTokens).toBeGreaterThanOrEqual(7500);
    expect(claude.recent).toHaveLength(5);
    expect(claude.recent.at(-1)!.id).toBe(active.id);
    expect(claude.estimate.kind).toBe('p90');
    if (claude.estimate.kind === 'p90') expect(claude.estimate.basedOnBlocks).toBeGreaterThanOrEqual(5);
    expect(a.blocks.find((b) => b.agent === 'codex')?.active).toBeNull();
  });

  it('attributes agent usage to the tasks of sessions sent, and leaves out sessions outside the roots', async () => {
    const now = Date.now();
    const a = await analytics({
      sessions: [
        { path: workspace, from: now - 60 * 60_000, to: now, tasks: [{ taskId: 't-early', intervals: [[now - 60 * 60_000, now - 30 * 60_000]] }, { taskId: 't-late', intervals: [[now - 30 * 60_000, now]] }] },
        { path: h.home, from: now - 60 * 60_000, to: now, tasks: [{ taskId: 't-outside', intervals: [[now - 60 * 60_000, now]] }] },
      ],
    });
    expect(a.byTask['t-early']).toMatchObject({ turns: 1, inputTokens: 4000, outputTokens: 1000 });
    expect(a.byTask['t-late']).toMatchObject({ turns: 1, inputTokens: 2000 });
    expect(a.byTask['t-outside']).toBeUndefined();
    expect(a.sessionsOutsideRoots).toBe(1);
  });

  it('refuses parameters past its limits', async () => {
    const r = await conn.request('usage.analytics', { since: 'yesterday' } as never);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_params' } });
  });
});
