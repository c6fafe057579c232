import type { FocusWeights } from '../domain/focus';
import type { Signal } from '../domain/signal';
import type { PlannedTask, TaskCategory } from '../domain/task';
import { calibrate, type TaskOutcome } from './calibration';
import { buildCandidates, cut, rationale, type Candidate } from './candidates';
import type { Plan } from './plan-shape';
import { enforcePlanRules } from './plan-rules';
import { wordsOf } from './relevance';

export interface PlanInput {
  signals: readonly Signal[];
  goal: string;
  budgetMinutes: number;
  focus: FocusWeights;
  /** Finished tasks of past sessions: estimates are calibrated by them. */
  history?: readonly TaskOutcome[];
  /** Epoch ms, for recency; leave out for a plan that ignores when signals appeared. */
  now?: number;
}

/** Below this a time-box is not worth starting. */
const MIN_TASK_MINUTES = 5;
const MAX_RELATED = 3;

export function focusWeight(category: TaskCategory, focus: FocusWeights): number {
  if (category === 'bug') return focus.bugs;
  if (category === 'feature') return focus.features;
  if (category === 'refactor') return focus.refactor;
  return 1;
}

function score(c: Candidate, focus: FocusWeights): number {
  return focusWeight(c.category, focus) * c.severity * c.recency * (1 + 2 * c.relevance);
}

function byOrder(a: Candidate, b: Candidate): number {
  return a.order < b.order ? -1 : a.order > b.order ? 1 : 0;
}

/**
 * The goal's own task. Markers and items that share words with the goal fold into it. What folds
 * and how long the task is do not depend on the focus weights, so raising a weight can only move
 * time toward that category.
 */
function goalTask(goal: string, candidates: Candidate[], capacity: number): { task: PlannedTask; folded: Set<Candidate> } {
  const related = candidates
    .filter((c) => c.foldable && c.relevance > 0)
    .sort((a, b) => b.relevance - a.relevance || b.severity - a.severity || byOrder(a, b))
    .slice(0, MAX_RELATED);
  const folded = new Set(related);
  const share = candidates.length > related.length ? 0.5 : 1;
  const wanted = Math.max(
    related.reduce((s, c) => s + c.estimateMinutes, 0),
    Math.round((capacity * share) / 5) * 5,
  );
  const minutes = Math.max(Math.min(10, capacity), Math.min(capacity, wanted));
  return {
    task: {
      title: cut(goal, 300),
      category: related[0]?.category ?? 'other',
      estimateMinutes: minutes,
      rationale: rationale(['Your goal for this session.', ...related.map((c) => `Related: ${c.task.title}`)]),
      acceptance: cut(`The goal is met: ${goal}`, 500),
      sources: ['goal', ...related.flatMap((c) => c.sources)],
    },
    folded,
  };
}

/**
 * The offline planner: pure and deterministic. Signals become candidate tasks (grouped by file,
 * test and issue), scored by focus weight × severity × recency × relevance to the goal, estimated
 * from the user's calibrated history, and packed best-first into the budget minus a buffer; a
 * candidate that no longer fits is time-boxed to what is left when that is worth starting.
 */
export function planOffline(input: PlanInput): Plan {
  const notices: string[] = [];
  const goal = input.goal.trim();
  const calibration = calibrate(input.history ?? []);
  if (calibration.ignored > 0) {
    notices.push(
      `${calibration.ignored} past task${calibration.ignored === 1 ? ' has' : 's have'} impossible times (over 8 hours, or negative) and ${calibration.ignored === 1 ? 'was' : 'were'} left out of your estimates.`,
    );
  }
  const buffer = Math.max(2, Math.round(input.budgetMinutes * 0.1));
  const capacity = input.budgetMinutes - buffer;
  const candidates = buildCandidates(input.signals, { goalWords: wordsOf(goal), calibration, now: input.now });

  const tasks: PlannedTask[] = [];
  let rest = candidates;
  let used = 0;
  if (goal) {
    const { task, folded } = goalTask(goal, candidates, capacity);
    tasks.push(task);
    used = task.estimateMinutes;
    rest = candidates.filter((c) => !folded.has(c));
  }
  const ranked = rest
    .map((c) => ({ c, s: score(c, input.focus) }))
    .filter((r) => r.s > 0)
    .sort((a, b) => b.s - a.s || byOrder(a.c, b.c));
  for (const { c } of ranked) {
    const left = capacity - used;
    if (left <= 0) break;
    if (c.estimateMinutes <= left) {
      tasks.push(c.task);
      used += c.estimateMinutes;
    } else if (left >= MIN_TASK_MINUTES) {
      tasks.push({ ...c.task, estimateMinutes: left, rationale: rationale([c.task.rationale, `Time-boxed to ${left} min to fit the budget.`]) });
      used += left;
    }
  }

  if (candidates.length === 0) {
    notices.push(goal ? 'No markers, failing tests or other signals were found; the plan comes from your goal alone.' : 'No markers, failing tests or other signals were found and no goal was given.');
  } else if (!goal) {
    notices.push('No goal given: the plan ranks what the repo says needs doing.');
  }
  if (candidates.length > 0 && ranked.length === 0 && !goal) notices.push('Every signal is in a category whose focus weight is 0.');
  if (tasks.length === 0) notices.push('Add a goal to plan this session.');
  const final = enforcePlanRules(tasks, input.budgetMinutes, input.signals);
  return { planner: 'offline', tasks: final, totalMinutes: final.reduce((s, t) => s + t.estimateMinutes, 0), notices };
}
