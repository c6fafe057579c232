import type { DayModelUsage, FolderUsage } from '../../../../shared/usage/analytics-schemas';
import type { UsageAggregate } from '../../../../shared/usage/session-usage';
import { emptyAggregate, mergeAggregate } from '../../../../shared/usage/usage-aggregate';

export interface ChartSeries {
  label: string;
  values: number[];
}

export const OTHER_MODELS = 'other models';

/**
 * One series per model over the given days (0 on a day without it), the models with the most of
 * `metric` first; past `maxModels` the rest are summed as "other models" so the chart stays legible.
 */
export function dailyModelSeries(rows: readonly DayModelUsage[], days: readonly string[], metric: 'cost' | 'totalTokens', maxModels = 5): ChartSeries[] {
  const index = new Map(days.map((d, i) => [d, i]));
  const totals = new Map<string, number>();
  for (const r of rows) if (index.has(r.date)) totals.set(r.model, (totals.get(r.model) ?? 0) + r[metric]);
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([m]) => m);
  const kept = ranked.length > maxModels ? ranked.slice(0, maxModels - 1) : ranked;
  const series = new Map<string, ChartSeries>(kept.map((m) => [m, { label: m, values: days.map(() => 0) }]));
  if (ranked.length > kept.length) series.set(OTHER_MODELS, { label: OTHER_MODELS, values: days.map(() => 0) });
  for (const r of rows) {
    const i = index.get(r.date);
    if (i === undefined) continue;
    const values = (series.get(r.model) ?? series.get(OTHER_MODELS))!.values;
    values[i] = values[i]! + r[metric];
  }
  return [...series.values()];
}

/** Running sums for stacked bars: row k is series 0..k added up. */
export function stackSeries(series: readonly ChartSeries[]): number[][] {
  const out: number[][] = [];
  for (const [k, s] of series.entries()) out.push(s.values.map((v, i) => v + (k > 0 ? out[k - 1]![i]! : 0)));
  return out;
}

export interface WorkspaceUsage extends UsageAggregate {
  /** The workspace's name, the folder, or null for the pooled folders outside the allowed roots. */
  label: string | null;
  path: string | null;
  workspaceId: string | null;
}

function inside(path: string, root: string): boolean {
  const r = root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root;
  return path === r || path.startsWith(`${r}/`);
}

/**
 * Folder rows merged into the SessionPilot workspace that holds them (the deepest one), so
 * `shop/packages/ui` counts for "shop"; a folder in no workspace keeps its own row, and the pooled
 * "outside your allowed folders" row stays last.
 */
export function usageByWorkspace(folders: readonly FolderUsage[], workspaces: readonly { id: string; name: string; path: string }[]): WorkspaceUsage[] {
  const byKey = new Map<string, WorkspaceUsage>();
  let outside: WorkspaceUsage | null = null;
  for (const f of folders) {
    if (f.path === null) {
      outside ??= { label: null, path: null, workspaceId: null, ...emptyAggregate() };
      mergeAggregate(outside, f);
      continue;
    }
    const ws = workspaces.filter((w) => inside(f.path!, w.path)).sort((a, b) => b.path.length - a.path.length)[0];
    const key = ws ? `ws:${ws.id}` : `dir:${f.path}`;
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = ws ? { label: ws.name, path: ws.path, workspaceId: ws.id, ...emptyAggregate() } : { label: f.path, path: f.path, workspaceId: null, ...emptyAggregate() }));
    mergeAggregate(row, f);
  }
  const rows = [...byKey.values()].sort((a, b) => b.cost - a.cost || b.totalTokens - a.totalTokens);
  return outside ? [...rows, outside] : rows;
}
