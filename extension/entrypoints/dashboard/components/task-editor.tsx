import { useState } from 'preact/hooks';
import { TASK_CATEGORIES, type Task } from '../../../../shared/domain/task';
import { useModel } from '../model/model-context';

const STATUS_LABEL: Record<Task['status'], string> = { pending: 'to do', in_progress: 'now', review: 'review', done: 'done', skipped: 'skipped' };

function sourcesOf(t: Task): string | null {
  const from = t.sources.filter((s) => s !== 'goal');
  return from.length ? from.map((s) => s.replace(/^marker:/, '')).join(', ') : null;
}

interface Props {
  sessionId: string;
  tasks: Task[];
  /** "selecting": the plan is edited (reorder, drop); "running": start, notes; "ended": read-only. */
  mode: 'selecting' | 'running' | 'ended';
  onError: (message: string | null) => void;
}

function TaskRow({ task, index, count, mode, onError, dragging, setDragging }: { task: Task; index: number; count: number; mode: Props['mode']; onError: Props['onError']; dragging: string | null; setDragging: (id: string | null) => void }) {
  const { sessions } = useModel();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(task.title);
  const [estimate, setEstimate] = useState(String(task.estimateMinutes));
  const [category, setCategory] = useState<string>(task.category);
  const [notesOpen, setNotesOpen] = useState(false);
  const [notes, setNotes] = useState(task.notes);
  const editable = mode !== 'ended';
  const move = async (to: number) => onError(await sessions.moveTask(task.id, to));

  async function save(e: Event) {
    e.preventDefault();
    const minutes = Number(estimate);
    const error = await sessions.updateTask(task.id, { title, estimateMinutes: minutes, category });
    onError(error);
    if (!error) setEditing(false);
  }

  return (
    <li
      class={`task ${task.status}${dragging === task.id ? ' dragging' : ''}`}
      draggable={mode === 'selecting' && !editing}
      onDragStart={(e) => {
        setDragging(task.id);
        e.dataTransfer?.setData('text/plain', task.id);
      }}
      onDragEnd={() => setDragging(null)}
      onDragOver={(e) => dragging && dragging !== task.id && e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        if (dragging && dragging !== task.id) void sessions.moveTask(dragging, index).then(onError);
        setDragging(null);
      }}
      onKeyDown={(e) => {
        // Alt+↑ / Alt+↓ move the focused task in the plan.
        if (mode !== 'selecting' || !e.altKey || editing) return;
        if (e.key === 'ArrowUp' && index > 0) void move(index - 1);
        else if (e.key === 'ArrowDown' && index < count - 1) void move(index + 1);
        else return;
        e.preventDefault();
      }}
      tabIndex={mode === 'selecting' ? 0 : undefined}
      aria-label={mode === 'selecting' ? `${task.title}, ${task.estimateMinutes} minutes. Alt+Up or Alt+Down to move.` : undefined}
    >
      <span class={`cat cat-${task.category}`}>{task.category}</span>
      {editing ? (
        <form class="task-edit" aria-label={`Edit ${task.title}`} onSubmit={save}>
          <input aria-label="Task title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          <input aria-label="Estimate (min)" type="number" min={1} max={480} value={estimate} onInput={(e) => setEstimate(e.currentTarget.value)} />
          <select aria-label="Category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            {TASK_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <button type="submit" class="primary">
            Save
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <span class="task-title">
          {task.title}
          {sourcesOf(task) && <span class="task-sources">from {sourcesOf(task)}</span>}
          {task.notes && !notesOpen && <span class="task-notes">note: {task.notes}</span>}
        </span>
      )}
      <span class="task-est">
        {mode !== 'selecting' && task.status !== 'pending' && task.status !== 'in_progress' && <span class={`state state-${task.status}`}>{STATUS_LABEL[task.status]} · </span>}
        {task.actualMinutes !== undefined && (task.status === 'done' || task.status === 'skipped') ? `${Math.round(task.actualMinutes)} of ` : ''}
        {task.estimateMinutes} min
        {editable && !editing && (
          <span class="task-actions">
            {mode === 'running' && task.status === 'review' && (
              <button type="button" class="link" aria-label={`Mark ${task.title} done`} onClick={async () => onError(await sessions.finishTask(task.sessionId, task.id, 'done'))}>
                done
              </button>
            )}
            {mode === 'running' && (task.status === 'pending' || task.status === 'review') && (
              <button type="button" class="link" aria-label={`Start ${task.title}`} onClick={async () => onError(await sessions.startTask(task.sessionId, task.id))}>
                start
              </button>
            )}
            <button type="button" class="link" aria-label={`Edit ${task.title}`} onClick={() => setEditing(true)}>
              edit
            </button>
            {mode === 'running' && (
              <button type="button" class="link" aria-label={`Notes for ${task.title}`} onClick={() => setNotesOpen(!notesOpen)}>
                notes
              </button>
            )}
            {mode === 'selecting' && (
              <>
                <button type="button" class="link" aria-label={`Move ${task.title} up`} disabled={index === 0} onClick={() => void move(index - 1)}>
                  ↑
                </button>
                <button type="button" class="link" aria-label={`Move ${task.title} down`} disabled={index === count - 1} onClick={() => void move(index + 1)}>
                  ↓
                </button>
                <button type="button" class="link danger" aria-label={`Drop ${task.title}`} onClick={async () => onError(await sessions.dropTask(task.id))}>
                  drop
                </button>
              </>
            )}
          </span>
        )}
      </span>
      {notesOpen && (
        <textarea
          class="task-notes-input"
          aria-label={`Notes for ${task.title}`}
          value={notes}
          onInput={(e) => setNotes(e.currentTarget.value)}
          onBlur={async () => notes !== task.notes && onError(await sessions.updateTask(task.id, { notes }))}
        />
      )}
    </li>
  );
}

function AddTask({ sessionId, onError }: { sessionId: string; onError: Props['onError'] }) {
  const { sessions } = useModel();
  const [title, setTitle] = useState('');
  const [estimate, setEstimate] = useState('15');
  const [category, setCategory] = useState('feature');
  return (
    <form
      class="task-add"
      aria-label="Add a task"
      onSubmit={async (e) => {
        e.preventDefault();
        const error = await sessions.addTask(sessionId, { title, estimateMinutes: Number(estimate), category });
        onError(error);
        if (!error) setTitle('');
      }}
    >
      <input aria-label="New task title" placeholder="Add a task…" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      <input aria-label="New task estimate (min)" type="number" min={1} max={480} value={estimate} onInput={(e) => setEstimate(e.currentTarget.value)} />
      <select aria-label="New task category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
        {TASK_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <button type="submit">Add</button>
    </form>
  );
}

/** The plan's tasks: edited, reordered (drag, ↑/↓, Alt+arrows), added and dropped before the start; started and annotated while running. */
export function TaskEditor({ sessionId, tasks, mode, onError }: Props) {
  const [dragging, setDragging] = useState<string | null>(null);
  return (
    <>
      <ol class="task-list" aria-label="Planned tasks">
        {tasks.map((t, i) => (
          <TaskRow key={`${t.id}:${t.updatedAt}`} task={t} index={i} count={tasks.length} mode={mode} onError={onError} dragging={dragging} setDragging={setDragging} />
        ))}
      </ol>
      {mode !== 'ended' && <AddTask sessionId={sessionId} onError={onError} />}
    </>
  );
}
