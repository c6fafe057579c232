import { useState } from 'preact/hooks';
import { formatCountdown, remainingMs } from '../../../../shared/clock/session-clock';
import { FormError } from '../../../lib/ui/form-error';
import { useNow } from '../../../lib/ui/use-now';
import { useModel } from '../model/model-context';
import { AgentUsage, formatTokens } from './agent-usage';
import { TaskEditor } from './task-editor';
import type { CurrentSession } from '../model/session-model';

/** Task selection (plan ready) and the running session with its countdown and controls. */
export function SessionView({ current }: { current: CurrentSession }) {
  const { sessions } = useModel();
  const now = useNow();
  const [error, setError] = useState<string | null>(null);
  const { session, tasks } = current;
  const planned = tasks.reduce((s, t) => s + t.estimateMinutes, 0);

  if (session.status === 'selecting') {
    return (
      <section class="card" aria-labelledby="plan-heading">
        <h2 id="plan-heading">Your plan</h2>
        <p class="muted" aria-label="Planned total">
          {session.goal ? `Goal: ${session.goal} · ` : ''}
          <strong class={planned > session.budgetMinutes ? 'over' : ''}>{planned}</strong> of {session.budgetMinutes} min planned ·{' '}
          {session.planner === 'claude' ? 'planned by Claude' : 'offline planner'}
          {session.aiUsage && (
            <span class="ai-usage">
              {' '}
              · {session.aiUsage.model} · {session.aiUsage.calls} call{session.aiUsage.calls === 1 ? '' : 's'} ·{' '}
              {formatTokens(session.aiUsage.inputTokens + session.aiUsage.outputTokens + session.aiUsage.cacheReadTokens + session.aiUsage.cacheCreationTokens)} tokens ·{' '}
              {session.aiUsage.cost === null ? 'price unknown' : `$${session.aiUsage.cost.toFixed(3)}`}
            </span>
          )}
        </p>
        {planned > session.budgetMinutes && (
          <p class="notice" role="status">
            The plan is {planned - session.budgetMinutes} min over the budget: drop or shorten a task, or start anyway and extend later.
          </p>
        )}
        {sessions.notices.value.map((n) => (
          <p key={n} class="notice">
            {n}
          </p>
        ))}
        <TaskEditor sessionId={session.id} tasks={tasks} mode="selecting" onError={setError} />
        <FormError message={error} />
        <div class="form-actions">
          <button type="button" class="primary" onClick={async () => setError(await sessions.start(session.id))}>
            Start session
          </button>
          <button type="button" onClick={async () => setError(await sessions.end(session.id, 'cancelled'))}>
            Discard plan
          </button>
        </div>
      </section>
    );
  }
  const paused = session.status === 'paused';
  const left = remainingMs({ deadlineAt: session.deadlineAt ?? now, pausedAt: session.pausedAt }, now);
  const currentTask = tasks.find((t) => t.status === 'in_progress');
  const done = tasks.filter((t) => t.status === 'done').length;
  return (
    <section class="card" aria-labelledby="running-heading">
      <h2 id="running-heading">{paused ? 'Session paused' : 'Session running'}</h2>
      <p class={`countdown${paused ? ' paused' : ''}`} aria-label="Time left">
        {formatCountdown(left)}
      </p>
      <p class="muted">
        {done} of {tasks.length} tasks done{session.goal ? ` · ${session.goal}` : ''}
      </p>
      {currentTask ? (
        <div class="current-task" aria-label="Current task">
          <p>
            Now: <strong>{currentTask.title}</strong> <span class="muted">({currentTask.estimateMinutes} min)</span>
          </p>
          {currentTask.acceptance && <p class="muted small">Done when: {currentTask.acceptance}</p>}
          <div class="form-actions">
            <button type="button" class="primary" onClick={async () => setError(await sessions.finishTask(session.id, currentTask.id, 'done'))}>
              Done
            </button>
            <button type="button" onClick={async () => setError(await sessions.finishTask(session.id, currentTask.id, 'review'))} title="The work is done and waits on a review or a check; its time stops">
              To review
            </button>
            <button type="button" onClick={async () => setError(await sessions.finishTask(session.id, currentTask.id, 'skipped'))}>
              Skip
            </button>
          </div>
        </div>
      ) : (
        <p class="muted">No task in progress: start one from the list.</p>
      )}
      {sessions.live.value && (
        <p class="muted live" role="status">
          Live: the repo now has {sessions.live.value.markers} markers and {sessions.live.value.failingTests} failing tests (updated{' '}
          {new Date(sessions.live.value.at).toLocaleTimeString()}).
        </p>
      )}
      <TaskEditor sessionId={session.id} tasks={tasks} mode="running" onError={setError} />
      <AgentUsage sessionId={session.id} tasks={tasks} live />
      <FormError message={error} />
      <div class="form-actions">
        {paused ? (
          <button type="button" onClick={async () => setError(await sessions.resume(session.id))}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={async () => setError(await sessions.pause(session.id))}>
            Pause
          </button>
        )}
        <button type="button" onClick={async () => setError(await sessions.extend(session.id, 5))}>
          +5 min
        </button>
        <button type="button" onClick={async () => setError(await sessions.end(session.id, 'completed'))}>
          End session
        </button>
      </div>
    </section>
  );
}
