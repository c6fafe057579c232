import { z } from 'zod';
import { TimestampSchema } from '../domain/ids';
import { TaskCategorySchema, type TaskCategory } from '../domain/task';

/** What a task came from, for calibration: the kind of its first source. */
export const CALIBRATION_KINDS = ['goal', 'marker', 'failing_test', 'github_issue', 'github_pr', 'backlog', 'git'] as const;
export const CalibrationKindSchema = z.enum(CALIBRATION_KINDS);
export type CalibrationKind = z.infer<typeof CalibrationKindSchema>;

/** One finished task: what was planned and what it really took (pauses excluded). */
export const TaskOutcomeSchema = z.object({
  category: TaskCategorySchema,
  kind: CalibrationKindSchema,
  estimateMinutes: z.number(),
  actualMinutes: z.number(),
  endedAt: TimestampSchema.optional(),
});
export type TaskOutcome = z.infer<typeof TaskOutcomeSchema>;

export interface RatioStat {
  /** Actual ÷ estimate to apply to new estimates (1 = the user plans right). */
  ratio: number;
  samples: number;
}

export interface Calibration {
  global: RatioStat;
  byCategory: Partial<Record<TaskCategory, RatioStat>>;
  /** Keyed `${category}/${kind}`. */
  byKey: Record<string, RatioStat>;
  /** History entries left out because their times were impossible (e.g. a 900-minute task). */
  ignored: number;
}

export const NEUTRAL_CALIBRATION: Calibration = { global: { ratio: 1, samples: 0 }, byCategory: {}, byKey: {}, ignored: 0 };

/** How strongly thin data is pulled toward the level above (and finally toward 1), in samples. */
const SHRINK = 3;
const MAX_PER_KEY = 100;
const MIN_RATIO = 0.25;
const MAX_RATIO = 4;
const MAX_MINUTES = 480;

export function kindOfSource(source: string): CalibrationKind {
  if (source === 'goal') return 'goal';
  const prefix = source.slice(0, source.indexOf(':'));
  switch (prefix) {
    case 'marker':
      return 'marker';
    case 'test':
      return 'failing_test';
    case 'gh-issue':
      return 'github_issue';
    case 'gh-pr':
      return 'github_pr';
    case 'git':
      return 'git';
    default:
      return 'backlog';
  }
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function clampRatio(logRatio: number): number {
  return Math.min(MAX_RATIO, Math.max(MIN_RATIO, Math.exp(logRatio)));
}

/** Median of log ratios, pulled toward `parentLog` by SHRINK pseudo-samples. */
function shrunk(logs: readonly number[], parentLog: number): number {
  if (logs.length === 0) return parentLog;
  const sorted = [...logs].sort((a, b) => a - b);
  return (sorted.length * median(sorted) + SHRINK * parentLog) / (sorted.length + SHRINK);
}

/**
 * Robust per-category and per-kind ratios of actual to estimated minutes: the median (in log
 * space, so 2× and 0.5× balance), shrunk toward the category's ratio, the category's toward the
 * user's overall ratio, and that toward 1 when data is thin. Impossible entries are ignored.
 */
export function calibrate(history: readonly TaskOutcome[]): Calibration {
  let ignored = 0;
  const valid: TaskOutcome[] = [];
  for (const h of history) {
    const { estimateMinutes: e, actualMinutes: a } = h;
    if (!Number.isFinite(e) || !Number.isFinite(a) || e <= 0 || a < 0 || e > MAX_MINUTES || a > MAX_MINUTES) {
      ignored++;
      continue;
    }
    // Under a minute means "ticked off at once"; it says nothing about the estimate.
    if (a < 1) continue;
    if (a / e > 20 || a / e < 1 / 20) {
      ignored++;
      continue;
    }
    valid.push(h);
  }
  // The most recent entries describe the user best; keep order stable for ties.
  const ordered = valid.map((h, i) => ({ h, i })).sort((x, y) => (y.h.endedAt ?? 0) - (x.h.endedAt ?? 0) || x.i - y.i);
  const byKey = new Map<string, { category: TaskCategory; logs: number[] }>();
  for (const { h } of ordered) {
    const key = `${h.category}/${h.kind}`;
    const entry = byKey.get(key) ?? { category: h.category, logs: [] };
    if (entry.logs.length < MAX_PER_KEY) entry.logs.push(Math.log(h.actualMinutes / h.estimateMinutes));
    byKey.set(key, entry);
  }
  const all = [...byKey].sort(([a], [b]) => (a < b ? -1 : 1));
  const logsWhere = (keep: (key: string, category: TaskCategory) => boolean) => all.filter(([k, e]) => keep(k, e.category)).flatMap(([, e]) => e.logs);
  const out: Calibration = { global: { ratio: clampRatio(shrunk(logsWhere(() => true), 0)), samples: valid.length }, byCategory: {}, byKey: {}, ignored };
  // A kind leans on its category's other kinds, and those on 1, so no task counts twice; a kind
  // with no data of its own uses its category, and a category with none the user's overall ratio.
  for (const category of new Set(all.map(([, e]) => e.category))) {
    const inCategory = logsWhere((_, c) => c === category);
    out.byCategory[category] = { ratio: clampRatio(shrunk(inCategory, 0)), samples: inCategory.length };
  }
  for (const [key, e] of all) {
    const siblings = shrunk(logsWhere((k, c) => c === e.category && k !== key), 0);
    out.byKey[key] = { ratio: clampRatio(shrunk(e.logs, siblings)), samples: e.logs.length };
  }
  return out;
}

/** The ratio to apply to a new task of this category and kind (falls back level by level). */
export function ratioFor(cal: Calibration, category: TaskCategory, kind: CalibrationKind): number {
  return cal.byKey[`${category}/${kind}`]?.ratio ?? cal.byCategory[category]?.ratio ?? cal.global.ratio;
}

const KIND_LABEL: Record<CalibrationKind, string> = {
  goal: 'goal tasks',
  marker: 'marker tasks',
  failing_test: 'failing-test fixes',
  github_issue: 'issue tasks',
  github_pr: 'pull-request tasks',
  backlog: 'backlog tasks',
  git: 'git clean-ups',
};
const MARKER_LABEL: Record<TaskCategory, string> = { bug: 'FIXME/BUG tasks', feature: 'TODO tasks', refactor: 'HACK/XXX tasks', other: 'marker tasks' };

export function calibrationLabel(category: TaskCategory, kind: CalibrationKind): string {
  if (kind === 'marker') return MARKER_LABEL[category];
  if (kind === 'github_issue' && category !== 'other') return `${category === 'bug' ? 'bug' : category} issues`;
  return KIND_LABEL[kind];
}

function times(ratio: number): string {
  return `${ratio.toFixed(1)}×`;
}

/**
 * Sentences for the user, strongest evidence first: "Your FIXME/BUG tasks take 1.6× what you
 * plan (12 tasks)." Only ratios backed by a few tasks and far enough from 1 to matter.
 */
export function calibrationSentences(cal: Calibration, minSamples = 3): string[] {
  const lines: { samples: number; text: string }[] = [];
  for (const [key, stat] of Object.entries(cal.byKey)) {
    if (stat.samples < minSamples || Math.abs(Math.log(stat.ratio)) < Math.log(1.15)) continue;
    const [category, kind] = key.split('/') as [TaskCategory, CalibrationKind];
    const label = calibrationLabel(category, kind);
    const text =
      stat.ratio > 1
        ? `Your ${label} take ${times(stat.ratio)} what you plan (${stat.samples} tasks).`
        : `Your ${label} take ${times(stat.ratio)} of what you plan (${stat.samples} tasks).`;
    lines.push({ samples: stat.samples, text });
  }
  return lines.sort((a, b) => b.samples - a.samples || (a.text < b.text ? -1 : 1)).map((l) => l.text);
}
