import { parseArgs } from 'node:util';
import { parseDay } from '../../../shared/usage/daily-usage';
import type { DailyUsage, UsageReport, UsageTotals } from '../../../shared/usage/usage-schemas';
import { sessionpilotHome } from '../home/sessionpilot-home';
import { buildUsageReport } from '../usage/usage-report';
import { UsageError } from './usage-error';

const int = (n: number) => n.toLocaleString('en-US');

/** "$12.34", "$12.34 + price unknown" when some models have no price, "price unknown" when none has. */
export function formatCost(t: UsageTotals): string {
  if (t.unpricedModels.length === 0) return `$${t.totalCost.toFixed(2)}`;
  if (t.totalCost === 0) return 'price unknown';
  return `$${t.totalCost.toFixed(2)} + price unknown`;
}

function formatTable(report: UsageReport): string {
  const head = ['Date', 'Input', 'Output', 'Cache write', 'Cache read', 'Total tokens', 'Cost (USD)'];
  const row = (label: string, t: UsageTotals) => [
    label,
    int(t.inputTokens),
    int(t.outputTokens),
    int(t.cacheCreationTokens),
    int(t.cacheReadTokens),
    int(t.totalTokens),
    formatCost(t),
  ];
  const rows = [head, ...report.daily.map((d: DailyUsage) => row(d.date, d)), row('Total', report.totals)];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(head), rule, ...rows.slice(1, -1).map(line), rule, line(rows[rows.length - 1]!)];
  if (report.totals.unpricedModels.length) out.push(`price unknown for: ${report.totals.unpricedModels.join(', ')} (tokens are counted)`);
  return out.join('\n');
}

/** `usage [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--json]`: Claude Code and Codex usage per local day. */
export async function usageCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      since: { type: 'string' },
      until: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length) throw new UsageError(`usage takes no folder or word ("${positionals[0]}"): sessionpilot usage [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--json]`);
  const range: { since?: string; until?: string } = {};
  for (const flag of ['since', 'until'] as const) {
    const text = values[flag];
    if (text === undefined) continue;
    const day = parseDay(text, `--${flag}`);
    if (!day.ok) throw new UsageError(day.error.message);
    range[flag] = day.value;
  }
  if (range.since && range.until && range.since > range.until) throw new UsageError(`--since (${range.since}) is after --until (${range.until}); no day can match.`);

  const result = await buildUsageReport({ home: sessionpilotHome(), ...range });
  for (const notice of result.notices) process.stderr.write(`sessionpilot: ${notice}\n`);
  const s = result.stats;
  if (s) {
    const skipped = [
      s.malformedLines && `${s.malformedLines} malformed`,
      s.invalidLines && `${s.invalidLines} not countable`,
      s.truncatedLines && `${s.truncatedLines} unfinished (being written)`,
      s.oversizedLines && `${s.oversizedLines} over the line size cap`,
    ].filter(Boolean);
    if (skipped.length) process.stderr.write(`sessionpilot: skipped log lines: ${skipped.join(', ')}\n`);
  }
  if (!values.json && process.stderr.isTTY && s) {
    process.stderr.write(`sessionpilot: read ${(s.bytesRead / 1e6).toFixed(1)} MB from ${s.filesRead} of ${s.files} log files\n`);
  }
  process.stdout.write(values.json ? `${JSON.stringify(result.report)}\n` : `${formatTable(result.report)}\n`);
  return 0;
}
