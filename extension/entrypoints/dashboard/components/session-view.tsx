import { useState } from 'preact/hooks';
import { formatCountdown, remainingMs } from '../../../../shared/clock/session-clock';
import type { Task } from '../../../../shared/domain/task';
import { FormError } from '../../../lib/ui/form-error';
import { useNow } from '../../../lib/ui/use-now';
import { useModel } from '../model/model-context';
import { AgentUsage } from './agent-usage';
import type { CurrentSession } from '../model/session-model';

const STATUS_LABEL: Record<Task['status'], string> = { pending: 'to do', in_progress: 'now', review: 'review', done: 'done', skipped: 'skipped' };

function sourcesOf(t: Task): string | null {
  const from = t.sources.filter((s) => s !== 'goal');
  return from.length ? from.map((s) => s.replace(/^marker:/, '')).join(', ') : null;
}

function TaskList({ current, running, onError }: { current: CurrentSession; running: boolean; onError: (e: string | null) => void }) {
  const { sessions } = useModel();
  return (
    <ol class="task-list" aria-label="Planned tasks">
      {current.tasks.map((t) => (
        <li key={t.id} class={`task ${t.status}`}>
          <span class={`cat cat-${t.category}`}>{t.category}</span>
          <span class="task-title">
            {t.title}
            {sourcesOf(t) && <span class="task-sources">from {sourcesOf(t)}</span>}
          </span>
          <span class="task-est">
            {running && t.status !== 'pending' && t.status !== 'in_progress' && <span class={`state state-${t.status}`}>{STATUS_LABEL[t.status]} · </span>}
            {t.actualMinutes !== undefined && (t.status === 'done' || t.status === 'skipped') ? `${Math.round(t.actualMinutes)} of ` : ''}
            {t.estimateMinutes} min
            {running && t.status === 'pending' && (
              <button type="button" class="link task-start" aria-label={`Start ${t.title}`} onClick={async () => onError(await sessions.startTask(current.session.id, t.id))}>
                start
              </button>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}

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
        <p class="muted">
          {session.goal ? `Goal: ${session.goal} · ` : ''}
          <strong>{planned}</strong> of {session.budgetMinutes} min planned · {session.planner === 'claude' ? 'planned by Claude' : 'offline planner'}
        </p>
        {sessions.notices.value.map((n) => (
          <p key={n} class="notice">
            {n}
          </p>
        ))}
        <TaskList current={current} running={false} onError={setError} />
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
      <TaskList current={current} running onError={setError} />
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
