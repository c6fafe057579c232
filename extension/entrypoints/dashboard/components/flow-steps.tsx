import type { Session } from '../../../../shared/domain/session';

export const FLOW_STEPS = [
  { id: 'start', label: 'Start' },
  { id: 'planning', label: 'Planning' },
  { id: 'selection', label: 'Task selection' },
  { id: 'session', label: 'Session' },
  { id: 'summary', label: 'Summary' },
] as const;
export type FlowStep = (typeof FLOW_STEPS)[number]['id'];

/** A just-ended session stays the current step for this long (its summary and review). */
const SUMMARY_HOURS = 12;

/** Where the developer is in plan → select → work → review, from what is stored. */
export function flowStep(input: { planning: boolean; current: Session | null; lastEnded: Session | null; now: number }): FlowStep {
  if (input.planning) return 'planning';
  const status = input.current?.status;
  if (status === 'planning') return 'planning';
  if (status === 'selecting') return 'selection';
  if (status === 'active' || status === 'paused') return 'session';
  const ended = input.lastEnded?.endedAt;
  if (ended !== undefined && input.now - ended < SUMMARY_HOURS * 3_600_000) return 'summary';
  return 'start';
}

/** The five steps of a session, the current one marked (for the eye and for screen readers). */
export function FlowSteps({ step }: { step: FlowStep }) {
  const at = FLOW_STEPS.findIndex((s) => s.id === step);
  return (
    <ol class="flow-steps" aria-label="Session steps">
      {FLOW_STEPS.map((s, i) => (
        <li key={s.id} class={i < at ? 'done' : i === at ? 'current' : undefined} aria-current={i === at ? 'step' : undefined}>
          <span class="flow-dot" aria-hidden="true">{i < at ? '✓' : i + 1}</span>
          <span class="flow-label">{s.label}</span>
        </li>
      ))}
    </ol>
  );
}
