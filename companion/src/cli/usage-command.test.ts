import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageReportSchema } from '../../../shared/usage/usage-schemas';
import { main } from '../cli';
import { assistantLine } from '../usage/log-fixtures';

let base: string;
const saved = { ...process.env };

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'sp-usage-cli-'));
  for (const k of ['CLAUDE_CONFIG_DIR', 'CODEX_HOME', 'XDG_CONFIG_HOME']) delete process.env[k];
  process.env.HOME = join(base, 'home');
  process.env.SESSIONPILOT_HOME = join(base, 'sp');
  process.env.TZ = 'UTC';
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  vi.restoreAllMocks();
});

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('sessionpilot usage', () => {
  it('says in one sentence what is wrong with a bad --since or --until, exit 1', async () => {
    for (const args of [['--since', '2025-02-30'], ['--until', 'last week'], ['--since', '2025-06-02', '--until', '2025-06-01'], ['--frobnicate']]) {
      const r = await run('usage', ...args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^sessionpilot: /);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('with no agent logs prints an empty report, a notice on stderr, and exits 0', async () => {
    const r = await run('usage', '--json');
    expect(r.code).toBe(0);
    expect(UsageReportSchema.parse(JSON.parse(r.stdout))).toMatchObject({ daily: [], totals: { totalTokens: 0 } });
    expect(r.stderr).toMatch(/no agent logs found/);
  });

  it('prints one JSON document with ccusage names, or a table that says "price unknown" rather than $0', async () => {
    const project = join(base, 'home', '.claude', 'projects', '-w');
    mkdirSync(project, { recursive: true });
    const lines = [
      assistantLine({ ts: '2025-06-01T10:00:00.000Z', msgId: 'msg_a', reqId: 'req_a', input: 1000, output: 500 }),
      assistantLine({ ts: '2025-06-02T10:00:00.000Z', msgId: 'msg_b', reqId: 'req_b', model: 'claude-experimental-x' }),
    ];
    writeFileSync(join(project, 's.jsonl'), `${lines.join('\n')}\n`);
    const json = await run('usage', '--json', '--since', '2025-06-01');
    expect(json.code).toBe(0);
    const report = UsageReportSchema.parse(JSON.parse(json.stdout));
    expect(report.daily.map((d) => [d.date, d.period, d.inputTokens, d.outputTokens, d.totalTokens])).toEqual([
      ['2025-06-01', '2025-06-01', 1000, 500, 1500],
      ['2025-06-02', '2025-06-02', 3, 7, 10],
    ]);
    expect(report.daily[0]!.totalCost).toBeCloseTo((1000 * 3 + 500 * 15) / 1e6, 12);
    const table = await run('usage', '--until', '2025-06-02');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^2025-06-02 .* price unknown$/m);
    expect(table.stdout).toMatch(/^Total .*\$0\.01 \+ price unknown$/m);
    expect(table.stdout).not.toMatch(/2025-06-02 .*\$0\.00/);
  });
});
