import type { FocusWeights } from '../domain/focus';
import type { Signal } from '../domain/signal';
import type { PlannedTask, TaskCategory } from '../domain/task';
import type { Plan } from './plan-shape';
import { enforcePlanRules } from './plan-rules';

export interface PlanInput {
  signals: readonly Signal[];
  goal: string;
  budgetMinutes: number;
  focus: FocusWeights;
}

type MarkerSignal = Extract<Signal, { kind: 'marker' }>;

const MARKER_CATEGORY: Record<string, TaskCategory> = { FIXME: 'bug', BUG: 'bug', TODO: 'feature', HACK: 'refactor', XXX: 'refactor' };
const MARKER_SEVERITY: Record<string, number> = { FIXME: 3, BUG: 3, TODO: 1, HACK: 1, XXX: 1 };
const MARKER_MINUTES: Record<TaskCategory, number> = { bug: 20, feature: 15, refactor: 15, other: 15 };
const MAX_MARKERS_PER_TASK = 4;
const MIN_TASK_MINUTES = 5;

function weightOf(category: TaskCategory, focus: FocusWeights): number {
  if (category === 'bug') return focus.bugs;
  if (category === 'feature') return focus.features;
  if (category === 'refactor') return focus.refactor;
  return 1;
}

const STOPWORDS = new Set(['the', 'and', 'for', 'with', 'from', 'that', 'this', 'into', 'when', 'todo', 'fixme', 'hack', 'xxx', 'bug']);

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !STOPWORDS.has(w)));
}

function goalOverlap(goalWords: Set<string>, text: string): number {
  if (goalWords.size === 0) return 0;
  let hits = 0;
  for (const w of words(text)) if (goalWords.has(w)) hits++;
  return Math.min(1, hits / 2);
}

function cut(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The marker text without comment leaders and the tag itself, for a readable title. */
function markerGist(m: MarkerSignal): string {
  return cut(m.text.replace(/^[\s/#*;<!-]+/, '').replace(new RegExp(`^${m.tag}\\b[:\\s(-]*`), ''), 70);
}

interface Candidate {
  task: PlannedTask;
  score: number;
  relevance: number;
  order: string;
}

function markerCandidates(markers: MarkerSignal[], input: PlanInput, goalWords: Set<string>): Candidate[] {
  const byFileAndCategory = new Map<string, MarkerSignal[]>();
  for (const m of markers) {
    const category = MARKER_CATEGORY[m.tag] ?? 'other';
    const key = `${category}\u0000${m.file}`;
    const group = byFileAndCategory.get(key) ?? [];
    group.push(m);
    byFileAndCategory.set(key, group);
  }
  const out: Candidate[] = [];
  for (const [key, group] of byFileAndCategory) {
    const category = key.split('\u0000')[0] as TaskCategory;
    const weight = weightOf(category, input.focus);
    if (weight <= 0) continue;
    group.sort((a, b) => (MARKER_SEVERITY[b.tag] ?? 1) - (MARKER_SEVERITY[a.tag] ?? 1) || a.line - b.line);
    const picked = group.slice(0, MAX_MARKERS_PER_TASK);
    const first = picked[0]!;
    const severity = picked.reduce((s, m) => s + (MARKER_SEVERITY[m.tag] ?? 1), 0);
    const relevance = Math.max(...picked.map((m) => goalOverlap(goalWords, `${m.file} ${m.text}`)));
    const minutes = Math.min(60, picked.length * MARKER_MINUTES[category]);
    const title =
      picked.length === 1
        ? `${first.tag} in ${first.file}:${first.line}: ${markerGist(first)}`
        : `Resolve ${picked.length} ${category === 'bug' ? 'bug markers' : 'markers'} in ${first.file}`;
    out.push({
      task: {
        title: cut(title, 300),
        category,
        estimateMinutes: minutes,
        rationale: picked.map((m) => `${m.tag} at line ${m.line}: ${cut(m.text, 120)}`).join('\n'),
        sources: picked.map((m) => m.id),
      },
      score: weight * severity * (1 + relevance * 2),
      relevance,
      order: `${first.file}:${String(first.line).padStart(8, '0')}`,
    });
  }
  return out;
}

type TestSignal = Extract<Signal, { kind: 'failing_test' }>;
const TEST_MINUTES = 20;
/** A failing test outranks any marker (severity 3 is a FIXME). */
const TEST_SEVERITY = 5;

function testCandidates(tests: TestSignal[], input: PlanInput, goalWords: Set<string>): Candidate[] {
  if (input.focus.bugs <= 0) return [];
  return tests.map((t) => {
    const relevance = goalOverlap(goalWords, `${t.name} ${t.file ?? ''} ${t.message ?? ''}`);
    return {
      task: {
        title: cut(`Fix failing test ${t.name}`, 300),
        category: 'bug' as const,
        estimateMinutes: TEST_MINUTES,
        rationale: cut(`${t.file ? `${t.file}: ` : ''}${t.message ?? 'failed in the last run'}`, 500),
        sources: [t.id],
      },
      score: input.focus.bugs * TEST_SEVERITY * (1 + relevance * 2),
      relevance,
      order: `0:${t.file ?? ''}:${t.name}`,
    };
  });
}

/**
 * The first offline planner: groups markers per file and category, scores them by focus weight,
 * severity and word overlap with the goal, and packs the best into the budget with a buffer.
 */
export function planOffline(input: PlanInput): Plan {
  const notices: string[] = [];
  const goal = input.goal.trim();
  const goalWords = words(goal);
  const buffer = Math.max(2, Math.round(input.budgetMinutes * 0.1));
  const capacity = input.budgetMinutes - buffer;

  const markers = input.signals.filter((s): s is MarkerSignal => s.kind === 'marker');
  const tests = input.signals.filter((s): s is TestSignal => s.kind === 'failing_test');
  const candidates = [...testCandidates(tests, input, goalWords), ...markerCandidates(markers, input, goalWords)].sort(
    (a, b) => b.score - a.score || (a.order < b.order ? -1 : 1),
  );

  const tasks: PlannedTask[] = [];
  let used = 0;
  let rest = candidates;
  if (goal) {
    // Markers that share words with the goal become part of the goal's task, which cites them.
    const related = candidates.filter((c) => c.relevance > 0).slice(0, 3);
    rest = candidates.filter((c) => !related.includes(c));
    const share = rest.length ? 0.5 : 1;
    const wanted = Math.max(related.reduce((s, c) => s + c.task.estimateMinutes, 0), Math.round((capacity * share) / 5) * 5);
    const minutes = Math.max(Math.min(10, capacity), Math.min(capacity, wanted));
    tasks.push({
      title: cut(goal, 300),
      category: related[0]?.task.category ?? 'other',
      estimateMinutes: minutes,
      rationale: ['Your goal for this session.', ...related.map((c) => `Related: ${c.task.rationale}`)].join('\n'),
      sources: ['goal', ...related.flatMap((c) => c.task.sources)],
    });
    used += minutes;
  }
  for (const c of rest) {
    const left = capacity - used;
    if (c.task.estimateMinutes <= left) {
      tasks.push(c.task);
      used += c.task.estimateMinutes;
    } else if (left >= MIN_TASK_MINUTES) {
      // Time-box what still fits rather than leave the time empty.
      const fit = Math.floor(left / 5) * 5;
      tasks.push({ ...c.task, estimateMinutes: fit, rationale: `${c.task.rationale}\nTime-boxed to ${fit} min to fit the budget.` });
      used += fit;
    }
  }
  if (markers.length === 0 && tests.length === 0) {
    notices.push(goal ? 'No markers or failing tests were found; the plan comes from your goal alone.' : 'No markers or failing tests were found and no goal was given.');
  }
  if (!goal && tasks.length === 0) notices.push('Add a goal to plan this session.');
  const known = new Set(input.signals.map((s) => s.id));
  const final = enforcePlanRules(tasks, input.budgetMinutes, known);
  return { planner: 'offline', tasks: final, totalMinutes: final.reduce((s, t) => s + t.estimateMinutes, 0), notices };
}
