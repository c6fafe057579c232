import type { Signal } from '../domain/signal';
import type { PlannedTask, TaskCategory } from '../domain/task';
import { calibrationLabel, ratioFor, type Calibration, type CalibrationKind } from './calibration';
import { overlap } from './relevance';

type Of<K extends Signal['kind']> = Extract<Signal, { kind: K }>;
type MarkerSignal = Of<'marker'>;
type TestSignal = Of<'failing_test'>;
type GitSignal = Of<'git'>;
type GithubSignal = Extract<Signal, { kind: 'github_issue' | 'github_pr' }>;
type BacklogSignal = Of<'backlog'>;

/** A task the planner may pick, with what it needs to rank it. Scores apply the focus later. */
export interface Candidate {
  category: TaskCategory;
  estimateMinutes: number;
  sources: string[];
  /** The full task (title, rationale, acceptance), built only for the few candidates a plan uses. */
  readonly task: PlannedTask;
  kind: CalibrationKind;
  /** Failing test 5 > conflicts > FIXME/BUG 3 > review requested 2 > TODO/HACK/XXX 1. */
  severity: number;
  /** 1 for undated signals; 1.25 for something from today, down to 0.75 for old news. */
  recency: number;
  /** Word overlap with the goal, 0–1. */
  relevance: number;
  /** Markers and items may fold into the goal's own task; failing tests stay separate (their title names them). */
  foldable: boolean;
  /** A deterministic tie-break. */
  order: string;
}

export interface CandidateContext {
  goalWords: ReadonlySet<string>;
  calibration: Calibration;
  /** For recency; without it every signal counts as equally recent. */
  now?: number;
}

const MARKER_CATEGORY: Record<string, TaskCategory> = { FIXME: 'bug', BUG: 'bug', TODO: 'feature', HACK: 'refactor', XXX: 'refactor' };
const MARKER_SEVERITY: Record<string, number> = { FIXME: 3, BUG: 3, TODO: 1, HACK: 1, XXX: 1 };
const MARKER_MINUTES: Record<TaskCategory, number> = { bug: 20, feature: 15, refactor: 15, other: 10 };
const MARKER_VERB: Record<TaskCategory, string> = { bug: 'Fix', feature: 'Do', refactor: 'Clean up', other: 'Resolve' };
const ISSUE_MINUTES: Record<TaskCategory, number> = { bug: 30, feature: 45, refactor: 30, other: 30 };
const MAX_MARKERS_PER_TASK = 4;
const TEST_MINUTES = 20;
const DAY_MS = 86_400_000;

export function cut(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** A test's name as titles carry it (long parametrized names are cut, the same way every time). */
export function testNameForTitle(name: string): string {
  return cut(name, 200);
}

function recencyOf(at: number | undefined, ctx: CandidateContext): number {
  if (at === undefined || ctx.now === undefined) return 1;
  const days = Math.max(0, (ctx.now - at) / DAY_MS);
  // Fresh 1.25, a week old 1, stale toward 0.75: undated signals (markers) sit in the middle.
  return 0.75 + 0.5 * 0.5 ** (days / 7);
}

interface Estimate {
  minutes: number;
  note(): string | null;
}

function estimate(base: number, category: TaskCategory, kind: CalibrationKind, ctx: CandidateContext): Estimate {
  const ratio = ratioFor(ctx.calibration, category, kind);
  const minutes = Math.min(240, Math.max(5, Math.round(base * ratio)));
  return {
    minutes,
    note: () => (Math.abs(ratio - 1) < 0.05 ? null : `Estimate ${base} min × ${ratio.toFixed(1)}: your ${calibrationLabel(category, kind)} usually take ${ratio > 1 ? 'longer' : 'less'}.`),
  };
}

const given = (minutes: number): Estimate => ({ minutes, note: () => null });

type Ranking = Omit<Candidate, 'task' | 'category' | 'estimateMinutes' | 'sources'>;

/** A candidate whose text is written on first use: most candidates of a big repo never make the plan. */
function candidate(category: TaskCategory, est: Estimate, sources: string[], ranking: Ranking, describe: () => Pick<PlannedTask, 'title' | 'rationale' | 'acceptance'>): Candidate {
  let task: PlannedTask | undefined;
  return {
    category,
    estimateMinutes: est.minutes,
    sources,
    ...ranking,
    get task() {
      if (!task) {
        const d = describe();
        task = { title: cut(d.title, 300), category, estimateMinutes: est.minutes, rationale: d.rationale, ...(d.acceptance ? { acceptance: cut(d.acceptance, 500) } : {}), sources };
      }
      return task;
    },
  };
}

/** One reason per line; the whole stays within the task schema's 2,000 characters. */
export function rationale(lines: (string | null)[]): string {
  const text = lines.filter((l): l is string => !!l).map((l) => cut(l, 600)).join('\n');
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

const LABEL_CATEGORY: [RegExp, TaskCategory][] = [
  [/\b(bug|defect|crash|regression|broken|error)\b/i, 'bug'],
  [/\b(refactor|tech[- ]?debt|cleanup|clean-up|chore|performance|perf)\b/i, 'refactor'],
  [/\b(feature|enhancement|feat|improvement|request)\b/i, 'feature'],
];

export function categoryFromLabels(labels: readonly string[]): TaskCategory | null {
  for (const [re, category] of LABEL_CATEGORY) if (labels.some((l) => re.test(l))) return category;
  return null;
}

function markerGist(m: MarkerSignal): string {
  return cut(m.text.replace(/^[\s/#*;<!-]+/, '').replace(new RegExp(`^${m.tag}\\b[:\\s(-]*`), ''), 70);
}

function markerCategory(tag: string): TaskCategory {
  return MARKER_CATEGORY[tag] ?? 'other';
}

function markerLine(m: MarkerSignal): string {
  return `${m.tag} at line ${m.line}: ${cut(m.text, 120)}`;
}

function markerCandidates(markers: MarkerSignal[], ctx: CandidateContext): Candidate[] {
  const groups = new Map<string, MarkerSignal[]>();
  for (const m of markers) {
    const key = `${markerCategory(m.tag)}\u0000${m.file}`;
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  const out: Candidate[] = [];
  for (const [key, group] of groups) {
    const category = key.slice(0, key.indexOf('\u0000')) as TaskCategory;
    group.sort((a, b) => (MARKER_SEVERITY[b.tag] ?? 1) - (MARKER_SEVERITY[a.tag] ?? 1) || a.line - b.line);
    // A file with many markers becomes several tasks of a few markers each.
    for (let i = 0; i < group.length; i += MAX_MARKERS_PER_TASK) {
      const picked = group.slice(i, i + MAX_MARKERS_PER_TASK);
      const first = picked[0]!;
      let severity = 0;
      let relevance = 0;
      for (const m of picked) {
        severity = Math.max(severity, MARKER_SEVERITY[m.tag] ?? 1);
        if (ctx.goalWords.size) relevance = Math.max(relevance, overlap(ctx.goalWords, `${m.file} ${m.text} ${m.context ?? ''}`));
      }
      const base = Math.min(60, Math.round(MARKER_MINUTES[category] * (1 + 0.5 * (picked.length - 1))));
      const est = estimate(base, category, 'marker', ctx);
      const ranking: Ranking = { kind: 'marker', severity: severity + 0.2 * (picked.length - 1), recency: 1, relevance, foldable: true, order: `2:${first.file}:${String(first.line).padStart(8, '0')}` };
      out.push(
        candidate(category, est, picked.map((m) => m.id), ranking, () => {
          const tags = [...new Set(picked.map((m) => m.tag))].sort().join('/');
          return {
            title:
              picked.length === 1
                ? `${first.tag} in ${first.file}:${first.line}: ${markerGist(first)}`
                : `${MARKER_VERB[category]} ${picked.length} ${tags} markers in ${first.file} (lines ${picked.map((m) => m.line).join(', ')})`,
            rationale: rationale([...picked.map(markerLine), est.note()]),
            acceptance:
              picked.length === 1
                ? `The ${first.tag} at ${first.file}:${first.line} is dealt with and its comment removed.`
                : `The ${picked.length} markers in ${first.file} are dealt with and their comments removed.`,
          };
        }),
      );
    }
  }
  return out;
}

function testCandidates(tests: TestSignal[], ctx: CandidateContext): Candidate[] {
  const names = new Map<string, number>();
  for (const t of tests) names.set(t.name, (names.get(t.name) ?? 0) + 1);
  return tests.map((t) => {
    const est = estimate(TEST_MINUTES, 'bug', 'failing_test', ctx);
    const ranking: Ranking = {
      kind: 'failing_test',
      severity: 5,
      recency: recencyOf(t.reportedAt, ctx),
      relevance: overlap(ctx.goalWords, `${t.name} ${t.file ?? ''} ${t.message ?? ''}`),
      foldable: false,
      order: `0:${t.file ?? ''}:${t.name}`,
    };
    return candidate('bug', est, [t.id], ranking, () => ({
      title: `Fix failing test ${testNameForTitle(t.name)}${t.file && (names.get(t.name) ?? 0) > 1 ? ` in ${t.file}` : ''}`,
      rationale: rationale([`${t.file ? `${t.file}: ` : ''}${t.message ?? 'failed in the last run'}`, est.note()]),
      acceptance: `The test ${t.name} passes when the suite runs again.`,
    }));
  });
}

function gitCandidates(signals: GitSignal[], ctx: CandidateContext): Candidate[] {
  return signals.map((g) => {
    const conflicts = g.state === 'conflicts';
    const est = estimate(conflicts ? 10 + 5 * Math.min(6, g.files?.length ?? 1) : 10, 'other', 'git', ctx);
    const ranking: Ranking = { kind: 'git', severity: conflicts ? 5 : 4, recency: 1, relevance: 0, foldable: false, order: `1:${g.id}` };
    return candidate('other', est, [g.id], ranking, () => ({
      title: conflicts
        ? `Resolve the merge conflicts (${cut(g.summary, 200)})`
        : g.state === 'rebase'
          ? 'Finish or abort the rebase in progress'
          : g.state === 'merge'
            ? 'Finish or abort the merge in progress'
            : g.summary,
      rationale: rationale([`${g.summary} Other work is blocked until it is settled.`, est.note()]),
      acceptance: conflicts ? 'git status shows no conflicted files.' : 'git status shows no operation in progress.',
    }));
  });
}

interface ItemPlan {
  category: TaskCategory;
  severity: number;
  base: number;
  title: string;
  acceptance: string;
}

/** What a GitHub item asks of the user: fix your PR's checks, review someone's, work an issue. */
function itemPlan(item: GithubSignal): ItemPlan {
  const labelled = categoryFromLabels(item.labels);
  const n = item.number;
  if (item.kind === 'github_pr') {
    if (item.authoredByMe && item.checks === 'failing') return { category: 'bug', severity: 4, base: 25, title: `Fix the failing checks on PR #${n}: ${item.title}`, acceptance: `Every check on PR #${n} passes.` };
    const threads = item.openThreads ?? 0;
    if (item.authoredByMe && threads > 0) {
      return {
        category: labelled ?? 'other',
        severity: 2.5,
        base: Math.min(45, 10 + 5 * threads),
        title: `Answer ${threads} open review thread${threads === 1 ? '' : 's'} on your PR #${n}: ${item.title}`,
        acceptance: `No unresolved review threads on PR #${n}.`,
      };
    }
    if (item.reviewRequested) return { category: 'other', severity: 2, base: 20, title: `Review PR #${n}: ${item.title}`, acceptance: `Your review on PR #${n} is submitted.` };
    if (item.authoredByMe) return { category: labelled ?? 'feature', severity: item.checks === 'pending' ? 1.5 : 1, base: 10, title: `Follow up on your PR #${n}: ${item.title}`, acceptance: `PR #${n} is merged or has a clear next step.` };
    return { category: labelled ?? 'other', severity: 1, base: 15, title: `Look at PR #${n}: ${item.title}`, acceptance: `PR #${n} has your comment or approval.` };
  }
  const category = labelled ?? 'feature';
  return {
    category,
    severity: (category === 'bug' ? 2.5 : 1.5) + (item.assignedToMe ? 0.5 : 0),
    base: ISSUE_MINUTES[category],
    title: `${category === 'bug' ? 'Fix' : 'Work on'} issue #${n}: ${item.title}`,
    acceptance: `Issue #${n} can be closed.`,
  };
}

function githubCandidates(items: GithubSignal[], linked: Map<number, MarkerSignal[]>, ctx: CandidateContext): Candidate[] {
  return items.map((item) => {
    const markers = linked.get(item.number) ?? [];
    const p = itemPlan(item);
    const est = estimate(p.base + 5 * markers.length, p.category, item.kind, ctx);
    const ranking: Ranking = {
      kind: item.kind,
      severity: p.severity,
      recency: recencyOf(item.updatedAt, ctx),
      relevance: overlap(ctx.goalWords, `${item.title} ${item.labels.join(' ')}`),
      foldable: true,
      order: `3:${item.kind}:${String(item.number).padStart(8, '0')}:${item.id}`,
    };
    return candidate(p.category, est, [item.id, ...markers.map((m) => m.id)], ranking, () => ({
      title: p.title,
      rationale: rationale([
        `${item.url}${item.labels.length ? ` · labels: ${item.labels.join(', ')}` : ''}${item.assignedToMe ? ' · assigned to you' : ''}`,
        ...markers.map((m) => `Linked ${markerLine(m)} (${m.file})`),
        est.note(),
      ]),
      acceptance: p.acceptance,
    }));
  });
}

function backlogCandidates(items: BacklogSignal[], ctx: CandidateContext): Candidate[] {
  return items.map((b) => {
    const category = b.category ?? 'other';
    const est = b.estimateMinutes !== undefined ? given(b.estimateMinutes) : estimate(20, category, 'backlog', ctx);
    const ranking: Ranking = { kind: 'backlog', severity: 3, recency: recencyOf(b.addedAt, ctx), relevance: overlap(ctx.goalWords, b.title), foldable: true, order: `4:${b.addedAt ?? 0}:${b.id}` };
    return candidate(category, est, [b.id], ranking, () => ({
      title: b.title,
      rationale: rationale([`You queued this for the next session${b.url ? ` (${b.url})` : ''}.`, est.note()]),
      acceptance: `Done: ${b.title}`,
    }));
  });
}

/**
 * Groups related signals into candidate tasks: markers per file and category (a few per task),
 * markers that cite an issue or PR number (#123) with that item, each failing test on its own.
 */
export function buildCandidates(signals: readonly Signal[], ctx: CandidateContext): Candidate[] {
  const markers: MarkerSignal[] = [];
  const tests: TestSignal[] = [];
  const git: GitSignal[] = [];
  const github: GithubSignal[] = [];
  const backlog: BacklogSignal[] = [];
  const seen = new Set<string>();
  for (const s of signals) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    if (s.kind === 'marker') markers.push(s);
    else if (s.kind === 'failing_test') tests.push(s);
    else if (s.kind === 'git') git.push(s);
    else if (s.kind === 'backlog') backlog.push(s);
    else github.push(s);
  }
  const numbers = new Set(github.map((g) => g.number));
  const linked = new Map<number, MarkerSignal[]>();
  const loose: MarkerSignal[] = [];
  for (const m of markers) {
    const ref = numbers.size ? /#(\d{1,7})\b/.exec(m.text) : null;
    const n = ref ? Number(ref[1]) : NaN;
    if (numbers.has(n) && (linked.get(n)?.length ?? 0) < MAX_MARKERS_PER_TASK) linked.set(n, [...(linked.get(n) ?? []), m]);
    else loose.push(m);
  }
  return [
    ...testCandidates(tests, ctx),
    ...gitCandidates(git, ctx),
    ...markerCandidates(loose, ctx),
    ...githubCandidates(github, linked, ctx),
    ...backlogCandidates(backlog, ctx),
  ];
}
