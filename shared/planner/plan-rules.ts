import type { Signal } from '../domain/signal';
import type { PlannedTask } from '../domain/task';
import { testNameForTitle } from './candidates';

const MAX_TITLE = 300;

/** The title names every failing test the task cites, or the test is no longer cited. */
function nameTests(task: PlannedTask, byId: ReadonlyMap<string, Signal>): PlannedTask {
  let title = task.title;
  const sources: string[] = [];
  for (const id of task.sources) {
    const signal = byId.get(id);
    if (signal?.kind !== 'failing_test') {
      sources.push(id);
      continue;
    }
    const name = testNameForTitle(signal.name);
    if (title.includes(name)) sources.push(id);
    else if (title.length + name.length + 9 <= MAX_TITLE) {
      title = `${title} (test: ${name})`;
      sources.push(id);
    }
  }
  return { ...task, title, sources };
}

/**
 * Hard rules applied after any planner (the offline one or Claude's): no duplicate tasks; every
 * task cites a known signal or the goal; a task made from a failing test names that test in its
 * title; and the estimates never add up to more than the budget (later tasks go first).
 */
export function enforcePlanRules(tasks: readonly PlannedTask[], budgetMinutes: number, signals: readonly Signal[]): PlannedTask[] {
  const byId = new Map(signals.map((s) => [s.id, s]));
  const seenTitles = new Set<string>();
  const seenSources = new Set<string>();
  const out: PlannedTask[] = [];
  let total = 0;
  for (const raw of tasks) {
    const known = raw.sources.filter((s, i) => (s === 'goal' || byId.has(s)) && raw.sources.indexOf(s) === i);
    const task = nameTests({ ...raw, sources: known }, byId);
    // A signal already covered by an earlier task does not make a second one.
    const fresh = task.sources.filter((s) => s === 'goal' || !seenSources.has(s));
    if (fresh.length === 0) continue;
    const key = task.title.trim().toLowerCase();
    const rawKey = raw.title.trim().toLowerCase();
    if (seenTitles.has(key) || seenTitles.has(rawKey)) continue;
    const estimate = Math.min(480, Math.max(1, Math.round(task.estimateMinutes)));
    if (total + estimate > budgetMinutes) continue;
    seenTitles.add(key);
    seenTitles.add(rawKey);
    for (const s of fresh) seenSources.add(s);
    total += estimate;
    out.push({ ...task, estimateMinutes: estimate, sources: fresh });
  }
  return out;
}
