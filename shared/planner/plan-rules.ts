import type { PlannedTask } from '../domain/task';

/**
 * Hard rules applied after any planner: no duplicate tasks, every task cites a signal or the goal,
 * and the estimates never add up to more than the budget (later tasks are dropped first).
 */
export function enforcePlanRules(tasks: readonly PlannedTask[], budgetMinutes: number, knownSources: ReadonlySet<string>): PlannedTask[] {
  const seen = new Set<string>();
  const out: PlannedTask[] = [];
  let total = 0;
  for (const task of tasks) {
    const key = task.title.trim().toLowerCase();
    if (seen.has(key)) continue;
    const sources = task.sources.filter((s) => s === 'goal' || knownSources.has(s));
    if (sources.length === 0) continue;
    const estimate = Math.max(1, Math.round(task.estimateMinutes));
    if (total + estimate > budgetMinutes) continue;
    seen.add(key);
    total += estimate;
    out.push({ ...task, estimateMinutes: estimate, sources });
  }
  return out;
}
