import { useMemo } from 'preact/hooks';
import type { WorkspaceRow } from '../../../lib/db/db';
import { costText, tokensExact, usd } from './analytics-format';
import type { UsageAnalytics } from './analytics-model';
import { ChartSection, Empty, Num } from './chart-section';
import { dailyModelSeries, usageByWorkspace } from './chart-series';
import { addDays, dayStartSeconds, daysOf, type DayRange } from './day-range';
import { UsageChart, type ChartSpec } from './usage-chart';

const OUTSIDE = 'Outside your allowed folders';

const MAX_CHART_DAYS = 730;

/** The days the chart spans: the chosen range (or the data's own days when open), the last two years at most. */
function chartDays(data: UsageAnalytics, range: DayRange): string[] {
  const last = range.until ?? data.daily.at(-1)?.date;
  let first = range.since ?? data.daily[0]?.date;
  if (!first || !last) return [];
  const earliest = addDays(last, -(MAX_CHART_DAYS - 1));
  if (first < earliest) first = earliest;
  return daysOf(first, last, MAX_CHART_DAYS);
}

/** Cost and tokens by day, stacked by model, with the CLI's daily numbers in the table. */
export function DailySection({ data, range }: { data: UsageAnalytics; range: DayRange }) {
  const specs = useMemo(() => {
    const days = chartDays(data, range);
    const x = days.map(dayStartSeconds);
    const cost: ChartSpec = { kind: 'days', x, series: dailyModelSeries(data.dailyByModel, days, 'cost'), layout: 'stacked', unit: 'usd' };
    const tokens: ChartSpec = { kind: 'days', x, series: dailyModelSeries(data.dailyByModel, days, 'totalTokens'), layout: 'stacked', unit: 'tokens' };
    return { cost, tokens };
  }, [data, range]);
  const t = data.totals;
  return (
    <ChartSection
      id="an-daily"
      title="Cost and tokens by day"
      note="By model, per local day; the table has the same days and totals as npx sessionpilot usage."
      charts={
        data.daily.length ? (
          <div class="an-pair">
            <figure>
              <figcaption>Cost</figcaption>
              <UsageChart spec={specs.cost} label="Cost per day by model; the numbers are in the table below." />
            </figure>
            <figure>
              <figcaption>Tokens</figcaption>
              <UsageChart spec={specs.tokens} label="Tokens per day by model; the numbers are in the table below." />
            </figure>
          </div>
        ) : (
          <Empty>No Claude Code or Codex usage on these days.</Empty>
        )
      }
    >
      {data.daily.length > 0 && (
        <div class="an-scroll tall">
          <table class="an-table" aria-label="Cost and tokens by day">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Models</th>
                <th scope="col" class="num">Input</th>
                <th scope="col" class="num">Output</th>
                <th scope="col" class="num">Cache write</th>
                <th scope="col" class="num">Cache read</th>
                <th scope="col" class="num">Total tokens</th>
                <th scope="col" class="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {[...data.daily].reverse().map((d) => (
                <tr key={d.date} data-day={d.date}>
                  <th scope="row">{d.date}</th>
                  <td class="an-models">{d.modelsUsed.join(', ')}</td>
                  <Num value={d.inputTokens}>{tokensExact(d.inputTokens)}</Num>
                  <Num value={d.outputTokens}>{tokensExact(d.outputTokens)}</Num>
                  <Num value={d.cacheCreationTokens}>{tokensExact(d.cacheCreationTokens)}</Num>
                  <Num value={d.cacheReadTokens}>{tokensExact(d.cacheReadTokens)}</Num>
                  <Num value={d.totalTokens}>{tokensExact(d.totalTokens)}</Num>
                  <Num value={d.totalCost}>{costText({ cost: d.totalCost, unpricedModels: d.unpricedModels })}</Num>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-day="total">
                <th scope="row">Total</th>
                <td />
                <Num value={t.inputTokens}>{tokensExact(t.inputTokens)}</Num>
                <Num value={t.outputTokens}>{tokensExact(t.outputTokens)}</Num>
                <Num value={t.cacheCreationTokens}>{tokensExact(t.cacheCreationTokens)}</Num>
                <Num value={t.cacheReadTokens}>{tokensExact(t.cacheReadTokens)}</Num>
                <Num value={t.totalTokens}>{tokensExact(t.totalTokens)}</Num>
                <Num value={t.totalCost}>{costText({ cost: t.totalCost, unpricedModels: t.unpricedModels })}</Num>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </ChartSection>
  );
}

/** Cost by model. */
export function ModelSection({ data }: { data: UsageAnalytics }) {
  const spec = useMemo<ChartSpec>(
    () => ({ kind: 'categories', x: data.byModel.map((_, i) => i), labels: data.byModel.map((m) => m.model), series: [{ label: 'Cost', values: data.byModel.map((m) => m.cost) }], layout: 'single', unit: 'usd' }),
    [data],
  );
  return (
    <ChartSection id="an-models" title="By model" side charts={data.byModel.length ? <UsageChart spec={spec} label="Cost by model; the numbers are in the table." /> : <Empty>No usage on these days.</Empty>}>
      {data.byModel.length > 0 && (
        <table class="an-table" aria-label="Cost and tokens by model">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" class="num">Turns</th>
              <th scope="col" class="num">Tokens</th>
              <th scope="col" class="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {data.byModel.map((m) => (
              <tr key={m.model}>
                <th scope="row" class="an-name">{m.model}</th>
                <Num value={m.turns}>{tokensExact(m.turns)}</Num>
                <Num value={m.totalTokens}>{tokensExact(m.totalTokens)}</Num>
                <Num value={m.cost}>{m.unpricedModels.length ? 'price unknown' : usd(m.cost)}</Num>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ChartSection>
  );
}

/** Cost by SessionPilot workspace (or allowed folder); everything else pooled without a name. */
export function WorkspaceSection({ data, workspaces }: { data: UsageAnalytics; workspaces: readonly WorkspaceRow[] }) {
  const rows = useMemo(() => usageByWorkspace(data.byFolder, workspaces), [data, workspaces]);
  const spec = useMemo<ChartSpec>(
    () => ({ kind: 'categories', x: rows.map((_, i) => i), labels: rows.map((r) => r.label ?? 'outside'), series: [{ label: 'Cost', values: rows.map((r) => r.cost) }], layout: 'single', unit: 'usd' }),
    [rows],
  );
  return (
    <ChartSection
      id="an-workspaces"
      title="By workspace"
      side
      note="Folders outside the ones you allowed the companion to read are counted together, never named."
      charts={rows.length ? <UsageChart spec={spec} label="Cost by workspace; the numbers are in the table." /> : <Empty>No usage on these days.</Empty>}
    >
      {rows.length > 0 && (
        <table class="an-table" aria-label="Cost and tokens by workspace">
          <thead>
            <tr>
              <th scope="col">Workspace</th>
              <th scope="col" class="num">Turns</th>
              <th scope="col" class="num">Tokens</th>
              <th scope="col" class="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.workspaceId ?? r.path ?? 'outside'}>
                <th scope="row" class="an-name" title={r.path ?? undefined}>
                  {r.label ?? <em>{OUTSIDE}</em>}
                  {r.workspaceId && r.path && <span class="sub">{r.path}</span>}
                </th>
                <Num value={r.turns}>{tokensExact(r.turns)}</Num>
                <Num value={r.totalTokens}>{tokensExact(r.totalTokens)}</Num>
                <Num value={r.cost}>{costText(r)}</Num>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ChartSection>
  );
}
