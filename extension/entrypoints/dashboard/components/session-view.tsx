import { FormError } from '../../../lib/ui/form-error';
import { useState } from 'preact/hooks';
import { formatCountdown, remainingMs } from '../../../../shared/clock/session-clock';
import { useNow } from '../../../lib/ui/use-now';
import type { CurrentSession } from '../model/session-model';
import { useModel } from '../model/model-context';

function TaskList({ current }: { current: CurrentSession }) {
  return (
    <ol class="task-list" aria-label="Planned tasks">
      {current.tasks.map((t) => (
        <li key={t.id} class={`task ${t.status}`}>
          <span class={`cat cat-${t.category}`}>{t.category}</span>
          <span class="task-title">
            {t.title}
            {t.sources.some((s) => s !== 'goal') && (
              <span class="task-sources">from {t.sources.filter((s) => s !== 'goal').map((s) => s.replace(/^marker:/, '')).join(', ')}</span>
            )}
          </span>
          <span class="task-est">{t.estimateMinutes} min</span>
        </li>
      ))}
    </ol>
  );
}

/** Task selection (plan ready) and the running session with its countdown. */
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
        <p class="muted">
          {session.goal ? `Goal: ${session.goal} · ` : ''}
          <strong>{planned}</strong> of {session.budgetMinutes} min planned · {session.planner === 'claude' ? 'planned by Claude' : 'offline planner'}
        </p>
        {sessions.notices.value.map((n) => (
          <p key={n} class="notice">
            {n}
          </p>
        ))}
        <TaskList current={current} />
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
  const left = remainingMs({ deadlineAt: session.deadlineAt ?? now, pausedAt: session.pausedAt }, now);
  const currentTask = tasks.find((t) => t.status === 'in_progress');
  return (
    <section class="card" aria-labelledby="running-heading">
      <h2 id="running-heading">Session running</h2>
      <p class="countdown" aria-label="Time left">
        {formatCountdown(left)}
      </p>
      {currentTask && (
        <p class="current-task">
          Now: <strong>{currentTask.title}</strong> <span class="muted">({currentTask.estimateMinutes} min)</span>
        </p>
      )}
      {sessions.live.value && (
        <p class="muted live" role="status">
          Live: the repo now has {sessions.live.value.markers} markers and {sessions.live.value.failingTests} failing tests (updated{' '}
          {new Date(sessions.live.value.at).toLocaleTimeString()}).
        </p>
      )}
      <TaskList current={current} />
      <FormError message={error} />
      <div class="form-actions">
        <button type="button" onClick={async () => setError(await sessions.end(session.id, 'completed'))}>
          End session
        </button>
      </div>
    </section>
  );
}
