import type { Signal } from '../domain/signal';
import type { Task } from '../domain/task';
import { mdInline } from '../text/markdown-inline';

export type SummaryTask = Pick<Task, 'title' | 'category' | 'status' | 'estimateMinutes' | 'actualMinutes' | 'notes' | 'acceptance' | 'sources' | 'order'>;

export interface SummaryInput {
  goal: string;
  workspaceName: string;
  budgetMinutes: number;
  /** Minutes the session ran, pauses excluded. */
  workedMinutes: number;
  /** How the session ended. */
  outcome: 'completed' | 'cancelled';
  /** "Sun 22 Nov 2026, 09:00–10:30": written by the caller, who knows the user's locale. */
  when: string;
  tasks: readonly SummaryTask[];
  /** The signals the plan was made from (those it cited). */
  signalsAtStart: readonly Signal[];
  /** The failing tests when the plan was made (ids), and how many markers there were. */
  failingAtStart?: readonly string[];
  markersAtStart?: number;
  /** The repo's signals now, when a fresh scan is available; without it, changes are not reported. */
  signalsNow?: readonly Signal[];
}

export interface SessionWriteUp {
  /** Markdown. */
  summary: string;
  /** Markdown: "start here tomorrow". */
  handoff: string;
  /** A goal to offer for the next session ('' when nothing is left). */
  nextGoal: string;
}

type MarkerSignal = Extract<Signal, { kind: 'marker' }>;
type TestSignal = Extract<Signal, { kind: 'failing_test' }>;

/** A marker keeps its identity when lines above it move: file, tag and text, not the line number. */
const markerKey = (m: MarkerSignal) => `${m.file}\u0000${m.tag}\u0000${m.text.trim()}`;

function minutes(n: number): string {
  return `${Math.round(n)} min`;
}

function difference(estimate: number, actual: number | undefined): string {
  if (actual === undefined) return '–';
  const d = Math.round(actual - estimate);
  const pct = estimate > 0 ? Math.round(((actual - estimate) / estimate) * 100) : 0;
  return d === 0 ? 'on time' : `${d > 0 ? '+' : ''}${d} min (${pct > 0 ? '+' : ''}${pct} %)`;
}

const UNFINISHED_ORDER: Record<string, number> = { in_progress: 0, review: 1, pending: 2 };

interface Changes {
  resolvedMarkers: MarkerSignal[];
  fixedTests: string[];
  stillFailing: TestSignal[];
  newFailing: TestSignal[];
  markersNow: number;
}

function changes(input: SummaryInput): Changes | null {
  if (!input.signalsNow) return null;
  const now = input.signalsNow;
  const markerKeysNow = new Set(now.filter((s): s is MarkerSignal => s.kind === 'marker').map(markerKey));
  const testsNow = now.filter((s): s is TestSignal => s.kind === 'failing_test');
  const testIdsNow = new Set(testsNow.map((t) => t.id));
  const citedTests = input.signalsAtStart.filter((s): s is TestSignal => s.kind === 'failing_test');
  const failingBefore = new Set([...(input.failingAtStart ?? []), ...citedTests.map((t) => t.id)]);
  const names = new Map(citedTests.map((t) => [t.id, t.name]));
  return {
    resolvedMarkers: input.signalsAtStart.filter((s): s is MarkerSignal => s.kind === 'marker' && !markerKeysNow.has(markerKey(s))),
    fixedTests: [...failingBefore].filter((id) => !testIdsNow.has(id)).map((id) => names.get(id) ?? id.replace(/^test:[^:]*:/, '')),
    stillFailing: testsNow.filter((t) => failingBefore.has(t.id)),
    newFailing: input.failingAtStart ? testsNow.filter((t) => !failingBefore.has(t.id)) : [],
    markersNow: now.filter((s) => s.kind === 'marker').length,
  };
}

function list<T>(items: readonly T[], line: (item: T) => string, max = 15): string[] {
  const out = items.slice(0, max).map((i) => `- ${line(i)}`);
  if (items.length > max) out.push(`- … and ${items.length - max} more`);
  return out;
}

/**
 * The summary and "start here tomorrow" handoff written without a model: what was done and
 * skipped, estimate against actual per task, the signals that changed, and the next concrete step.
 * Every piece of untrusted text is escaped, so the Markdown is inert wherever it is shown.
 */
export function writeOfflineSummary(input: SummaryInput): SessionWriteUp {
  const tasks = [...input.tasks].sort((a, b) => a.order - b.order);
  const done = tasks.filter((t) => t.status === 'done');
  const skipped = tasks.filter((t) => t.status === 'skipped');
  const unfinished = tasks.filter((t) => t.status in UNFINISHED_ORDER).sort((a, b) => UNFINISHED_ORDER[a.status]! - UNFINISHED_ORDER[b.status]! || a.order - b.order);
  const planned = tasks.reduce((s, t) => s + t.estimateMinutes, 0);
  const doneEstimate = done.reduce((s, t) => s + t.estimateMinutes, 0);
  const doneActual = done.reduce((s, t) => s + (t.actualMinutes ?? 0), 0);
  const goal = input.goal.trim();
  const change = changes(input);

  const s: string[] = [];
  s.push(`# Session summary${goal ? `: ${mdInline(goal)}` : ''}`, '');
  s.push(`${mdInline(input.workspaceName)} · ${mdInline(input.when)} · ${input.outcome === 'cancelled' ? 'ended early' : 'completed'}`, '');
  s.push(
    `${done.length} of ${tasks.length} tasks done, ${skipped.length} skipped. Worked ${minutes(input.workedMinutes)} of a ${minutes(input.budgetMinutes)} budget; ${minutes(planned)} were planned.`,
  );
  if (done.length && doneActual >= 1) {
    const ratio = doneEstimate > 0 ? doneActual / doneEstimate : 1;
    s.push(`The finished tasks took ${minutes(doneActual)} against ${minutes(doneEstimate)} estimated (${ratio.toFixed(1)}×).`);
  }
  s.push('');
  if (done.length) s.push('## Done', '', ...list(done, (t) => `${mdInline(t.title)} (${t.category})`, 50), '');
  if (skipped.length) s.push('## Skipped', '', ...list(skipped, (t) => mdInline(t.title), 50), '');
  if (unfinished.length) s.push('## Not finished', '', ...list(unfinished, (t) => `${mdInline(t.title)}${t.status === 'in_progress' ? ' (in progress)' : t.status === 'review' ? ' (in review)' : ''}`, 50), '');
  if (tasks.length) {
    s.push('## Estimate vs actual', '', '| Task | Status | Estimate | Actual | Difference |', '| --- | --- | ---: | ---: | ---: |');
    for (const t of tasks) {
      s.push(`| ${mdInline(t.title, 80)} | ${t.status.replace('_', ' ')} | ${minutes(t.estimateMinutes)} | ${t.actualMinutes !== undefined ? minutes(t.actualMinutes) : '–'} | ${difference(t.estimateMinutes, t.actualMinutes)} |`);
    }
    s.push('');
  }
  if (change) {
    s.push('## What changed in the repo', '');
    const lines: string[] = [];
    if (change.fixedTests.length) lines.push(`- Now passing: ${change.fixedTests.slice(0, 10).map((n) => mdInline(n, 120)).join(', ')}${change.fixedTests.length > 10 ? ', …' : ''}`);
    if (change.resolvedMarkers.length) lines.push(...list(change.resolvedMarkers, (m) => `Resolved ${m.tag} in ${mdInline(m.file, 200)}: ${mdInline(m.text, 120)}`, 10));
    if (change.newFailing.length) lines.push(`- Newly failing: ${change.newFailing.slice(0, 10).map((t) => mdInline(t.name, 120)).join(', ')}${change.newFailing.length > 10 ? ', …' : ''}`);
    if (input.markersAtStart !== undefined && input.markersAtStart !== change.markersNow) lines.push(`- Markers: ${input.markersAtStart} → ${change.markersNow}`);
    s.push(...(lines.length ? lines : ['- No change in markers or failing tests.']), '');
  }
  const notes = tasks.filter((t) => t.notes.trim());
  if (notes.length) s.push('## Notes', '', ...list(notes, (t) => `${mdInline(t.title, 80)}: ${mdInline(t.notes, 500)}`, 30), '');

  const h: string[] = [];
  h.push('# Start here tomorrow', '');
  const next = unfinished[0];
  const failing = change ? change.stillFailing : input.signalsAtStart.filter((x): x is TestSignal => x.kind === 'failing_test' && !done.some((t) => t.sources.includes(x.id)));
  if (next) {
    h.push('## Next step', '', `**${mdInline(next.title)}**${next.status === 'in_progress' ? ' (you were in the middle of it)' : ''}`);
    if (next.acceptance) h.push('', `Done when: ${mdInline(next.acceptance, 500)}`);
    if (next.notes.trim()) h.push('', `Your note: ${mdInline(next.notes, 500)}`);
    h.push('');
  } else if (failing.length) {
    h.push('## Next step', '', `**Fix the failing test ${mdInline(failing[0]!.name)}**`, '');
  } else {
    h.push(`Everything planned is finished${goal ? ` for “${mdInline(goal)}”` : ''}. Start with a fresh plan.`, '');
  }
  if (unfinished.length) h.push('## Unfinished', '', ...unfinished.map((t) => `- [ ] ${mdInline(t.title)} (${minutes(t.estimateMinutes)} planned)`), '');
  if (failing.length) h.push('## Still failing', '', ...list(failing, (t) => `${mdInline(t.name, 200)}${t.file ? ` in ${mdInline(t.file, 200)}` : ''}`), '');
  if (change?.newFailing.length) h.push('## Newly failing', '', ...list(change.newFailing, (t) => mdInline(t.name, 200)), '');
  if (skipped.length) h.push('## Skipped today', '', ...list(skipped, (t) => mdInline(t.title)), '');

  const nextGoal = next ? `Finish: ${next.title}` : failing.length ? `Fix the failing test ${failing[0]!.name}` : '';
  return { summary: `${s.join('\n').trimEnd()}\n`, handoff: `${h.join('\n').trimEnd()}\n`, nextGoal: nextGoal.replace(/\s+/g, ' ').slice(0, 300) };
}
