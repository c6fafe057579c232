import { ProgressLine } from '../../../lib/ui/progress-line';
import { FormError } from '../../../lib/ui/form-error';
import { useEffect, useState } from 'preact/hooks';
import { MAX_BUDGET_MINUTES, MIN_BUDGET_MINUTES } from '../../../../shared/domain/focus';
import { useModel } from '../model/model-context';
import type { StartContext } from '../model/start-model';

const FOCUS_KEYS = [
  ['bugs', 'Bugs'],
  ['features', 'Features'],
  ['refactor', 'Refactor'],
] as const;

/** Start: workspace, goal, budget and focus weights; then the background scans and plans. */
export function PlanForm() {
  const { workspaces, sessions, companion, start } = useModel();
  const list = workspaces.list.value ?? [];
  const [workspaceId, setWorkspaceId] = useState('');
  const [goal, setGoal] = useState('');
  const [budget, setBudget] = useState(60);
  const [focus, setFocus] = useState({ bugs: 1, features: 1, refactor: 1 });
  const [error, setError] = useState<string | null>(null);
  const chosen = workspaceId || list[0]?.id || '';
  const progress = sessions.progress.value;
  const suggested = sessions.suggestedGoal.value;
  const [context, setContext] = useState<StartContext | null>(null);
  useEffect(() => (chosen ? start.watch(chosen, setContext) : undefined), [chosen]);
  useEffect(() => {
    // "Plan a session here" on GitHub opens the dashboard at #plan=<workspace id>.
    const wanted = /(?:^#|&)plan=([^&]+)/.exec(location.hash)?.[1];
    if (wanted) {
      setWorkspaceId(decodeURIComponent(wanted));
      document.getElementById('plan-goal')?.focus();
    }
  }, []);
  useEffect(() => {
    if (suggested) {
      setGoal(suggested);
      sessions.suggestedGoal.value = null;
      document.getElementById('plan-goal')?.focus();
    }
  }, [suggested]);

  async function submit(e: Event) {
    e.preventDefault();
    if (!chosen) {
      setError('Add a workspace first.');
      return;
    }
    setError(await sessions.plan({ workspaceId: chosen, goal, budgetMinutes: budget, focus }));
  }

  if (list.length === 0) return <p class="muted">Add a workspace to plan a session in it.</p>;
  return (
    <form class="plan-form" onSubmit={submit} aria-label="Plan a session">
      <label for="plan-ws">Workspace</label>
      <select id="plan-ws" value={chosen} onChange={(e) => setWorkspaceId(e.currentTarget.value)}>
        {list.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
      <label for="plan-goal">Goal</label>
      <div class="goal-field">
        <input id="plan-goal" list="plan-recent-goals" value={goal} onInput={(e) => setGoal(e.currentTarget.value)} placeholder="What should this session achieve?" />
        <datalist id="plan-recent-goals">
          {context?.recentGoals.map((g) => <option key={g} value={g} />)}
        </datalist>
        {context?.handoff && context.handoff.goal !== goal && (
          <p class="handoff-offer">
            <span class="muted">Where you left off ({new Date(context.handoff.endedAt).toLocaleDateString()}):</span>{' '}
            <button type="button" class="link" onClick={() => setGoal(context.handoff!.goal)} aria-label={`Pick up where you left off: ${context.handoff.goal}`}>
              {context.handoff.goal}
            </button>
          </p>
        )}
        {context && context.recentGoals.length > 0 && (
          <p class="recent-goals" aria-label="Recent goals">
            <span class="muted">Recent:</span>
            {context.recentGoals.slice(0, 5).map((g) => (
              <button key={g} type="button" class="chip" onClick={() => setGoal(g)}>
                {g}
              </button>
            ))}
          </p>
        )}
      </div>
      <label for="plan-budget">Time budget</label>
      <div class="budget">
        <input
          id="plan-budget-range"
          type="range"
          min={MIN_BUDGET_MINUTES}
          max={MAX_BUDGET_MINUTES}
          step={5}
          value={budget}
          aria-label="Time budget slider"
          onInput={(e) => setBudget(Number(e.currentTarget.value))}
        />
        <input
          id="plan-budget"
          type="number"
          min={MIN_BUDGET_MINUTES}
          max={MAX_BUDGET_MINUTES}
          value={budget}
          onInput={(e) => setBudget(Number(e.currentTarget.value))}
        />
        <span class="muted">min</span>
      </div>
      {sessions.calibration.value.length > 0 && (
        <ul class="calibration" aria-label="How your estimates run">
          {sessions.calibration.value.map((line) => (
            <li key={line}>{line} Estimates are adjusted for it.</li>
          ))}
        </ul>
      )}
      <span>Focus</span>
      <div class="focus">
        {FOCUS_KEYS.map(([key, label]) => (
          <label key={key} class="focus-item">
            {label} <output>{focus[key].toFixed(1)}</output>
            <input type="range" min={0} max={1} step={0.1} value={focus[key]} aria-label={`${label} weight`} onInput={(e) => setFocus({ ...focus, [key]: Number(e.currentTarget.value) })} />
          </label>
        ))}
      </div>
      {context && context.backlog.length > 0 && (
        <>
          <span>Backlog</span>
          <div class="backlog">
            <p class="muted small">Queued for the next plan; each item plans like any other signal.</p>
            <ul aria-label="Backlog">
              {context.backlog.map((b) => (
                <li key={b.id}>
                  {b.url && /^https:\/\//.test(b.url) ? (
                    <a href={b.url} target="_blank" rel="noopener noreferrer">
                      {b.title}
                    </a>
                  ) : (
                    <span>{b.title}</span>
                  )}
                  <button type="button" class="link danger" aria-label={`Remove ${b.title} from the backlog`} onClick={async () => setError(await start.removeBacklogItem(b.id))}>
                    remove
                  </button>
                </li>
              ))}
            </ul>
          </div>
        </>
      )}
      <ProgressLine progress={progress} />
      {sessions.planning.value && sessions.streamed.value.length > 0 && (
        <ol class="task-list streamed" aria-label="Tasks arriving">
          {sessions.streamed.value.map((t, i) => (
            <li key={i} class="task">
              <span class={`cat cat-${t.category}`}>{t.category}</span>
              <span class="task-title">{t.title}</span>
              <span class="task-est">{t.estimateMinutes} min</span>
            </li>
          ))}
        </ol>
      )}
      <FormError message={error} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={sessions.planning.value}>
          {sessions.planning.value ? 'Planning…' : 'Scan & plan'}
        </button>
        {sessions.planning.value && (
          <button type="button" onClick={() => void sessions.cancelPlan()}>
            Cancel
          </button>
        )}
        {companion.status.value?.state !== 'connected' && <span class="muted">The companion must be connected to scan.</span>}
      </div>
    </form>
  );
}
