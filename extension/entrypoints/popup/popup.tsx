import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { formatCountdown, remainingMs } from '../../../shared/clock/session-clock';
import {
  COMPANION_STATUS_KEY,
  CompanionStatusSchema,
  SNAPSHOT_KEY,
  SessionSnapshotSchema,
  type CompanionStatus,
  type SessionSnapshot,
} from '../../lib/snapshot/session-snapshot';
import { useNow } from '../../lib/ui/use-now';
import { BOOT_KEYS, type PopupBoot } from '../../lib/snapshot/popup-boot';

interface Initial {
  snapshot: SessionSnapshot | null;
  companion: CompanionStatus | null;
}

function parse(raw: Record<string, unknown>): Initial {
  const s = SessionSnapshotSchema.safeParse(raw[SNAPSHOT_KEY]);
  const c = CompanionStatusSchema.safeParse(raw[COMPANION_STATUS_KEY]);
  return { snapshot: s.success ? s.data : null, companion: c.success ? c.data : null };
}

function openDashboard() {
  void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') }).then(() => window.close());
}

/** Asks the background to act; its reply, when a refusal, is one sentence to show. */
async function act(message: Record<string, unknown>): Promise<string | null> {
  try {
    const reply = (await browser.runtime.sendMessage(message)) as { ok?: boolean; error?: { message?: unknown } } | undefined;
    if (reply?.ok) return null;
    return typeof reply?.error?.message === 'string' ? reply.error.message : 'The extension did not answer; try again.';
  } catch {
    return 'The extension did not answer; try again.';
  }
}

function Running({ snapshot }: { snapshot: SessionSnapshot }) {
  const now = useNow();
  const [error, setError] = useState<string | null>(null);
  const left = remainingMs({ deadlineAt: snapshot.deadlineAt, pausedAt: snapshot.pausedAt }, now);
  const paused = snapshot.status === 'paused';
  const sessionId = snapshot.sessionId;
  const run = (message: Record<string, unknown>) => void act(message).then(setError);
  useEffect(() => {
    // One key per everyday action; End stays a deliberate click.
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement | null)?.tagName === 'INPUT') return;
      const task = snapshot.currentTask;
      if (e.key === 'd' && task) run({ type: 'task.finish', sessionId, taskId: task.id, outcome: 'done' });
      else if (e.key === 's' && task) run({ type: 'task.finish', sessionId, taskId: task.id, outcome: 'skipped' });
      else if (e.key === 'p') run({ type: paused ? 'session.resume' : 'session.pause', sessionId });
      else if (e.key === '+') run({ type: 'session.extend', sessionId, minutes: 5 });
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [snapshot, paused]);
  return (
    <>
      <p class="workspace">
        {snapshot.workspaceName}
        {snapshot.goal ? ` · ${snapshot.goal}` : ''}
      </p>
      <p class={`time-left${paused ? ' paused' : ''}`} aria-label="Time left" aria-live="off">
        {formatCountdown(left)}
      </p>
      {paused && <p class="paused-note">Paused</p>}
      {snapshot.currentTask ? (
        <>
          <p class="current">
            <span class="label">Now</span> {snapshot.currentTask.title}
          </p>
          <div class="task-actions">
            <button type="button" class="primary" onClick={() => run({ type: 'task.finish', sessionId, taskId: snapshot.currentTask!.id, outcome: 'done' })}>
              Done
            </button>
            <button type="button" onClick={() => run({ type: 'task.finish', sessionId, taskId: snapshot.currentTask!.id, outcome: 'skipped' })}>
              Skip
            </button>
          </div>
        </>
      ) : (
        <p class="current muted">No task in progress.</p>
      )}
      {snapshot.nextTask && (
        <p class="next">
          <span class="label">Next</span> {snapshot.nextTask.title}
        </p>
      )}
      <p class="muted small">
        {snapshot.tasksDone} of {snapshot.tasksTotal} tasks done
      </p>
      <div class="actions">
        {paused ? (
          <button type="button" onClick={() => run({ type: 'session.resume', sessionId })}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={() => run({ type: 'session.pause', sessionId })}>
            Pause
          </button>
        )}
        <button type="button" onClick={() => run({ type: 'session.extend', sessionId, minutes: 5 })}>
          +5 min
        </button>
        <button type="button" onClick={() => run({ type: 'session.end', sessionId, outcome: 'completed' })}>
          End
        </button>
        <button type="button" onClick={openDashboard}>
          Dashboard
        </button>
      </div>
      <p class="keys muted small">
        Keys: <kbd>d</kbd> done · <kbd>s</kbd> skip · <kbd>p</kbd> {paused ? 'resume' : 'pause'} · <kbd>+</kbd> 5 min
      </p>
      {error && (
        <p class="error small" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

interface Planned {
  sessionId: string;
  tasks: Array<{ title: string; estimateMinutes: number }>;
  totalMinutes: number;
}

/** No session: plan one in the last workspace (click one), then start it (click two). */
function QuickStart({ snapshot }: { snapshot: SessionSnapshot }) {
  const [planned, setPlanned] = useState<Planned | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const budget = snapshot.budgetMinutes ?? 60;
  if (!snapshot.workspaceId) return null;
  async function plan() {
    setBusy(true);
    setError(null);
    try {
      const reply = (await browser.runtime.sendMessage({
        type: 'session.plan',
        workspaceId: snapshot.workspaceId,
        goal: snapshot.nextGoal ?? '',
        budgetMinutes: budget,
        focus: snapshot.focus ?? { bugs: 1, features: 1, refactor: 1 },
      })) as { ok?: boolean; result?: { sessionId: string; plan: { tasks: Planned['tasks']; totalMinutes: number } }; error?: { message?: string } };
      if (reply?.ok && reply.result) setPlanned({ sessionId: reply.result.sessionId, tasks: reply.result.plan.tasks, totalMinutes: reply.result.plan.totalMinutes });
      else setError(reply?.error?.message ?? 'The extension did not answer; try again.');
    } catch {
      setError('The extension did not answer; try again.');
    }
    setBusy(false);
  }
  return (
    <div class="quick-start">
      {planned ? (
        <>
          <p class="small">
            {planned.tasks.length} task{planned.tasks.length === 1 ? '' : 's'} · {planned.totalMinutes} of {budget} min
          </p>
          <ol class="quick-tasks small">
            {planned.tasks.slice(0, 3).map((t, i) => (
              <li key={i}>{t.title}</li>
            ))}
          </ol>
          <button type="button" class="primary" autoFocus onClick={() => void act({ type: 'session.start', sessionId: planned.sessionId }).then(setError)}>
            Start session
          </button>
        </>
      ) : (
        <>
          {snapshot.nextGoal && <p class="small">Goal: {snapshot.nextGoal}</p>}
          <button type="button" class="primary" autoFocus disabled={busy} onClick={() => void plan()}>
            {busy ? 'Planning…' : `Plan ${budget} min in ${snapshot.workspaceName}`}
          </button>
        </>
      )}
      {error && (
        <p class="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The toolbar popup: paints from the background's small snapshot, never from the database. */
export function Popup({ initial }: { initial: Initial }) {
  const [state, setState] = useState(initial);
  useEffect(() => {
    const refresh = () => void browser.storage.local.get([SNAPSHOT_KEY, COMPANION_STATUS_KEY]).then((raw) => setState(parse(raw)));
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && (SNAPSHOT_KEY in changes || COMPANION_STATUS_KEY in changes)) refresh();
    };
    browser.storage.onChanged.addListener(listener);
    // A change written between the first read and this listener would otherwise be missed for good.
    refresh();
    // The snapshot paints at once; the background re-checks the clock (e.g. after sleep) and repaints.
    void browser.runtime.sendMessage({ type: 'clock.sync' }).catch(() => {});
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  const { snapshot, companion } = state;
  const running = snapshot && (snapshot.status === 'active' || snapshot.status === 'paused');
  return (
    <div class="popup">
      <header>
        <span class="logo" aria-hidden="true">◷</span> SessionPilot
      </header>
      {running ? (
        <Running snapshot={snapshot} />
      ) : (
        <>
          {snapshot && snapshot.endedAt && (
            <p class="ended" role="status">
              Last session ended at {new Date(snapshot.endedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} · {snapshot.tasksDone} of{' '}
              {snapshot.tasksTotal} tasks done.
            </p>
          )}
          <p class="idle">No session running.</p>
          {snapshot && <QuickStart snapshot={snapshot} />}
          <button type="button" onClick={openDashboard}>
            Open dashboard
          </button>
        </>
      )}
      {companion && companion.state !== 'connected' && (
        <p class="companion muted small" role="status">
          {companion.message}
          {companion.fix && <code>{companion.fix}</code>}
        </p>
      )}
    </div>
  );
}

/** The boot script's storage read when it ran (it starts before this module loads), else a fresh one. */
export async function loadInitial(): Promise<Initial> {
  const boot = (window as unknown as PopupBoot).__sessionpilotBoot;
  return parse(await (boot ?? browser.storage.local.get([...BOOT_KEYS])));
}
