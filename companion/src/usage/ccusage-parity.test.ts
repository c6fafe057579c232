import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUsageReport } from './usage-report';

// Runs ccusage 20.0.24 (its native binary, a pinned devDependency) and our import on the same
// generated corpus — differing streamed duplicates, resumed-session copies, sidechain replays,
// agent-progress lines, Codex sessions with cumulative totals, malformed and unfinished lines — and
// compares the days: token totals exactly, costs within 1 %.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ccusageCli = createRequire(join(repoRoot, 'package.json')).resolve('ccusage/src/cli.js');
let base: string;
const savedTz = process.env.TZ;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'sp-parity-'));
  const gen = spawnSync(process.execPath, ['bench/make-usage-corpus.mjs', '--out', join(base, 'corpus'), '--mb', '12', '--seed', '11'], { cwd: repoRoot, encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`corpus generation failed: ${gen.stderr}`);
  mkdirSync(join(base, 'home'));
});
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

interface CcusageDay {
  period: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  totalCost: number;
}

function ccusageDaily(tz: string): CcusageDay[] {
  const env = { PATH: process.env.PATH ?? '', HOME: join(base, 'home'), TZ: tz, CLAUDE_CONFIG_DIR: join(base, 'corpus', 'claude'), CODEX_HOME: join(base, 'corpus', 'codex') };
  const r = spawnSync(process.execPath, [ccusageCli, 'daily', '--json', '--offline'], { env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`ccusage failed (${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { daily: CcusageDay[] }).daily;
}

describe('parity with ccusage daily --json --offline', () => {
  for (const tz of ['America/New_York', 'Asia/Kolkata']) {
    it(`gives the same daily token totals, and costs within 1 %, in ${tz}`, async () => {
      const theirs = ccusageDaily(tz);
      process.env.TZ = tz;
      const env = { HOME: join(base, 'home'), CLAUDE_CONFIG_DIR: join(base, 'corpus', 'claude'), CODEX_HOME: join(base, 'corpus', 'codex') };
      const ours = (await buildUsageReport({ env, home: join(base, `sp-${tz.replace('/', '-')}`) })).report.daily;
      expect(theirs.length).toBeGreaterThan(12);
      const tokens = (d: Omit<CcusageDay, 'period'> & { date?: string; period: string }) => [d.period, d.inputTokens, d.outputTokens, d.cacheCreationTokens, d.cacheReadTokens, d.totalTokens];
      expect(ours.map(tokens)).toEqual(theirs.map(tokens));
      for (const [i, day] of theirs.entries()) {
        expect(Math.abs(ours[i]!.totalCost - day.totalCost)).toBeLessThanOrEqual(day.totalCost * 0.01);
      }
      // The corpus holds a model no table prices: both leave it out of the cost, we name it.
      expect(ours.some((d) => d.unpricedModels.includes('claude-experimental-x'))).toBe(true);
    });
  }
});
