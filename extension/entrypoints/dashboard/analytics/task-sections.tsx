import { useMemo } from 'preact/hooks';
import type { CategoryEstimate, CategoryTime } from '../../../../shared/usage/analytics-schemas';
import type { TaskCategory } from '../../../../shared/domain/task';
import type { UsageAggregate } from '../../../../shared/usage/session-usage';
import { CATEGORY_LABELS, costText, deltaText, minutesText, tokensExact } from './analytics-format';
import { ChartSection, Empty, Num } from './chart-section';
import { UsageChart, type ChartSpec } from './usage-chart';

const labelsOf = (rows: readonly { category: TaskCategory }[]) => rows.map((r) => CATEGORY_LABELS[r.category]);
const xOf = (rows: readonly unknown[]) => rows.map((_, i) => i);

/** Minutes worked per task category (pauses excluded). */
export function TimeSection({ rows }: { rows: CategoryTime[] }) {
  const spec = useMemo<ChartSpec>(() => ({ kind: 'categories', x: xOf(rows), labels: labelsOf(rows), series: [{ label: 'Minutes', values: rows.map((r) => r.minutes) }], layout: 'single', unit: 'minutes' }), [rows]);
  const any = rows.some((r) => r.minutes > 0);
  return (
    <ChartSection id="an-time" title="Time per category" side charts={any ? <UsageChart spec={spec} label="Minutes worked per task category; the numbers are in the table." /> : <Empty>No task was worked on in these days.</Empty>}>
      <table class="an-table" aria-label="Time per category">
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col" class="num">Tasks</th>
            <th scope="col" class="num">Time</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.category} data-category={r.category}>
              <th scope="row">{CATEGORY_LABELS[r.category]}</th>
              <Num value={r.tasks}>{r.tasks}</Num>
              <Num value={r.minutes}>{minutesText(r.minutes)}</Num>
            </tr>
          ))}
        </tbody>
      </table>
    </ChartSection>
  );
}

/** Estimated against actual minutes of the tasks that were done. */
export function EstimateSection({ rows }: { rows: CategoryEstimate[] }) {
  const spec = useMemo<ChartSpec>(
    () => ({
      kind: 'categories',
      x: xOf(rows),
      labels: labelsOf(rows),
      series: [
        { label: 'Estimated', values: rows.map((r) => r.estimateMinutes) },
        { label: 'Actual', values: rows.map((r) => r.actualMinutes) },
      ],
      layout: 'grouped',
      unit: 'minutes',
    }),
    [rows],
  );
  const any = rows.some((r) => r.tasks > 0);
  return (
    <ChartSection
      id="an-estimate"
      title="Estimate vs actual"
      side
      note="Tasks marked done: the minutes planned against the minutes they were in progress."
      charts={any ? <UsageChart spec={spec} label="Estimated and actual minutes per task category; the numbers are in the table." /> : <Empty>No task was done in these days.</Empty>}
    >
      <table class="an-table" aria-label="Estimate vs actual">
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col" class="num">Done</th>
            <th scope="col" class="num">Estimated</th>
            <th scope="col" class="num">Actual</th>
            <th scope="col" class="num">Over / under</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.category} data-category={r.category}>
              <th scope="row">{CATEGORY_LABELS[r.category]}</th>
              <Num value={r.tasks}>{r.tasks}</Num>
              <Num value={r.estimateMinutes}>{minutesText(r.estimateMinutes)}</Num>
              <Num value={r.actualMinutes}>{minutesText(r.actualMinutes)}</Num>
              <td class="num">{deltaText(r.estimateMinutes, r.actualMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ChartSection>
  );
}

/** What the coding agents cost while tasks of each category were in progress. */
export function AgentCostSection({ rows, note }: { rows: Array<UsageAggregate & { category: TaskCategory }> | null; note: string | null }) {
  const spec = useMemo<ChartSpec | null>(
    () => (rows ? { kind: 'categories', x: xOf(rows), labels: labelsOf(rows), series: [{ label: 'Cost', values: rows.map((r) => r.cost) }], layout: 'single', unit: 'usd' } : null),
    [rows],
  );
  const any = rows?.some((r) => r.turns > 0) ?? false;
  return (
    <ChartSection
      id="an-agent-cost"
      title="Agent cost per task category"
      side
      note={note ?? 'Claude Code and Codex turns in a session’s workspace, counted for the task in progress at the time.'}
      charts={
        !rows ? <Empty>Shown when the companion is connected (it reads the agents’ logs).</Empty> : any && spec ? <UsageChart spec={spec} label="Agent cost per task category; the numbers are in the table." /> : <Empty>No agent turns during tasks on these days.</Empty>
      }
    >
      {rows && (
        <table class="an-table" aria-label="Agent cost per task category">
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col" class="num">Turns</th>
              <th scope="col" class="num">Tokens</th>
              <th scope="col" class="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.category} data-category={r.category}>
                <th scope="row">{CATEGORY_LABELS[r.category]}</th>
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
