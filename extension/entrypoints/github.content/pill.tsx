import { useRef, useState } from 'preact/hooks';
import { formatCountdown, remainingMs } from '../../../shared/clock/session-clock';
import { useNow } from '../../lib/ui/use-now';
import { ask, overlay, refreshOverlay } from './overlay-client';
import { parseGithubUrl } from '../../../shared/github/github-url';

/**
 * The small session pill on every github.com page while a session runs (time left, current task,
 * done, next); on a linked workspace's repo page with no session, "Plan a session here".
 * Draggable and foldable; its place is remembered by the background.
 */
export function Pill() {
  const state = overlay.value;
  const now = useNow();
  const [drag, setDrag] = useState<{ right: number; bottom: number } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const start = useRef<{ x: number; y: number; right: number; bottom: number } | null>(null);
  if (!state) return null;
  const session = state.session;
  const onRepoHome = parseGithubUrl(location.href).kind === 'repo';
  if (!session && !(onRepoHome && state.workspace)) return null;
  const place = drag ?? { right: state.pill?.right ?? 16, bottom: state.pill?.bottom ?? 16 };
  const collapsed = state.pill?.collapsed ?? false;

  const save = (p: { right: number; bottom: number; collapsed: boolean }) => {
    overlay.value = { ...state, pill: p };
    void ask({ type: 'overlay.pill', ...p });
  };
  const onPointerDown = (e: PointerEvent) => {
    if ((e.target as HTMLElement).closest('button')) return;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    start.current = { x: e.clientX, y: e.clientY, ...place };
  };
  const onPointerMove = (e: PointerEvent) => {
    const s = start.current;
    if (!s) return;
    const right = Math.min(Math.max(0, s.right - (e.clientX - s.x)), window.innerWidth - 80);
    const bottom = Math.min(Math.max(0, s.bottom - (e.clientY - s.y)), window.innerHeight - 40);
    setDrag({ right, bottom });
  };
  const onPointerUp = () => {
    if (start.current && drag) save({ ...drag, collapsed });
    start.current = null;
    setDrag(null);
  };
  const style = { right: `${place.right}px`, bottom: `${place.bottom}px` };
  const fold = (
    <button type="button" class="sp-fold" aria-label={collapsed ? 'Expand SessionPilot' : 'Fold SessionPilot'} onClick={() => save({ ...place, collapsed: !collapsed })}>
      {collapsed ? '+' : '–'}
    </button>
  );

  if (!session) {
    return (
      <div class="sp-pill" data-testid="sessionpilot-pill" style={style} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp}>
        <span class="sp-logo">◷</span>
        <button
          type="button"
          class="sp-primary"
          onClick={async () => {
            const r = await ask({ type: 'overlay.plan', url: location.href });
            setNote(r.ok ? null : r.error.message);
          }}
        >
          Plan a session here
        </button>
        {note && <span class="sp-note">{note}</span>}
      </div>
    );
  }
  const left = remainingMs(session, now);
  return (
    <div class={`sp-pill${collapsed ? ' sp-collapsed' : ''}`} data-testid="sessionpilot-pill" style={style} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp}>
      <span class="sp-logo">◷</span>
      <strong class="sp-time" aria-label="Time left">
        {formatCountdown(left)}
      </strong>
      {session.status === 'paused' && <span class="sp-muted">paused</span>}
      {!collapsed && (
        <>
          {session.currentTask ? (
            <span class="sp-task" title={session.currentTask.title}>
              {session.currentTask.title}
            </span>
          ) : (
            <span class="sp-muted">no task in progress</span>
          )}
          {session.currentTask && (
            <button
              type="button"
              class="sp-primary"
              onClick={async () => {
                const r = await ask({ type: 'overlay.done' });
                setNote(r.ok ? null : r.error.message);
                await refreshOverlay();
              }}
            >
              Done
            </button>
          )}
          {session.nextTask && (
            <span class="sp-next" title={session.nextTask.title}>
              next: {session.nextTask.title}
            </span>
          )}
          {note && <span class="sp-note">{note}</span>}
        </>
      )}
      {fold}
    </div>
  );
}
