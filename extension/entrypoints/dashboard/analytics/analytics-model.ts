import { signal, type Signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { SessionEvent } from '../../../../shared/domain/event';
import type { Session } from '../../../../shared/domain/session';
import type { Task } from '../../../../shared/domain/task';
import type { MethodParams, MethodResult } from '../../../../shared/protocol/methods';
import type { Failure, Result } from '../../../../shared/result';
import { localDay } from '../../../../shared/usage/daily-usage';
import { sessionsInDays } from '../../../../shared/usage/task-analytics';
import type { SessionPilotDb, WorkspaceRow } from '../../../lib/db/db';
import { presetRange, rangeBounds, type DayRange, type RangePreset } from './day-range';
import { sessionWindows } from './session-windows';

export type UsageAnalytics = MethodResult<'usage.analytics'>;

/** SessionPilot's own rows for the chosen days (from Dexie; no companion needed). */
export interface LocalAnalytics {
  range: DayRange;
  sessions: Session[];
  tasks: Task[];
  events: SessionEvent[];
  workspaces: WorkspaceRow[];
  /** A session is running or paused: minutes keep growing. */
  live: boolean;
}

export interface UsageState {
  status: 'idle' | 'loading' | 'ready' | 'failed';
  data: UsageAnalytics | null;
  /** The range `data` is for (it may lag behind the chosen one while loading). */
  range: DayRange | null;
  error: Failure | null;
  /** Sessions past the request's limits: their agent cost per category is left out. */
  sessionsLeftOut: number;
  fetchedAt: number | null;
}

export interface AnalyticsModel {
  preset: Signal<RangePreset>;
  range: Signal<DayRange>;
  local: Signal<LocalAnalytics | null>;
  usage: Signal<UsageState>;
  choosePreset(preset: Exclude<RangePreset, 'custom'>): void;
  chooseRange(range: DayRange): void;
  /** Fetch the companion's numbers again soon (several asks within the debounce make one fetch). */
  refreshSoon(): void;
  /** The companion's connection state changed: fetch when it comes up. */
  companionState(state: string | undefined): void;
  dispose(): void;
}

export interface AnalyticsDeps {
  db: SessionPilotDb;
  call: (params: MethodParams<'usage.analytics'>) => Promise<Result<UsageAnalytics>>;
  /** Subscribes to the background's "new agent usage" broadcast. */
  onUsage: (listener: () => void) => () => void;
  now?: () => number;
  debounceMs?: number;
  /** A slow re-fetch while the page is open: a block's "now" moves even without new usage. */
  pollMs?: number;
}

const RANGE_MARGIN_MS = 2 * 86_400_000;

async function loadLocal(db: SessionPilotDb, range: DayRange): Promise<LocalAnalytics> {
  const { from, to } = rangeBounds(range);
  // createdAt is indexed; a session starts soon after it is created, so a margin covers the rest.
  const candidates = await db.sessions.where('createdAt').between(Math.max(0, from - RANGE_MARGIN_MS), to, true, false).toArray();
  const sessions = sessionsInDays(candidates, range);
  const ids = sessions.map((s) => s.id);
  const [tasks, events, workspaces] = await Promise.all([
    ids.length ? db.tasks.where('sessionId').anyOf(ids).toArray() : Promise.resolve([]),
    ids.length ? db.events.where('sessionId').anyOf(ids).toArray() : Promise.resolve([]),
    db.workspaces.toArray(),
  ]);
  return { range, sessions, tasks, events, workspaces, live: sessions.some((s) => s.status === 'active' || s.status === 'paused') };
}

/** What the companion's answer depends on locally: which sessions, and how far their tasks got. */
function localKey(l: LocalAnalytics): string {
  return `${l.sessions.map((s) => `${s.id}:${s.status}`).join(',')}|${l.events.length}|${l.tasks.length}`;
}

const sameRange = (a: DayRange | null, b: DayRange) => !!a && a.since === b.since && a.until === b.until;

export function createAnalyticsModel(deps: AnalyticsDeps): AnalyticsModel {
  const now = deps.now ?? Date.now;
  const debounceMs = deps.debounceMs ?? 1_500;
  const preset = signal<RangePreset>('30d');
  const range = signal<DayRange>(presetRange('30d', localDay(now())));
  const local = signal<LocalAnalytics | null>(null);
  const usage = signal<UsageState>({ status: 'idle', data: null, range: null, error: null, sessionsLeftOut: 0, fetchedAt: null });
  let disposed = false;
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastKey = '';
  let companionUp = false;

  const fetchUsage = async () => {
    timer = undefined;
    const l = local.value;
    const r = range.value;
    // Wait for this range's sessions, so the request carries their windows.
    if (disposed || !l || !sameRange(l.range, r)) return;
    const mine = ++seq;
    const { windows, leftOut } = sessionWindows(l.sessions, l.workspaces, l.events, now());
    usage.value = { ...usage.value, status: 'loading' };
    const answer = await deps.call({ ...r, sessions: windows, recentBlocks: 12 });
    if (disposed || mine !== seq) return;
    usage.value = answer.ok
      ? { status: 'ready', data: answer.value, range: r, error: null, sessionsLeftOut: leftOut, fetchedAt: now() }
      : { ...usage.value, status: 'failed', error: answer.error };
  };
  const refreshSoon = () => {
    if (disposed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void fetchUsage(), debounceMs);
  };

  let sub: { unsubscribe(): void } | undefined;
  const follow = (r: DayRange) => {
    sub?.unsubscribe();
    sub = liveQuery(() => loadLocal(deps.db, r)).subscribe({
      next: (l) => {
        if (disposed) return;
        local.value = l;
        const key = `${r.since}|${r.until}|${localKey(l)}`;
        if (key !== lastKey) {
          // A new range is fetched at once; a change inside the range (a task started) waits a moment.
          const immediate = !lastKey.startsWith(`${r.since}|${r.until}|`);
          lastKey = key;
          if (immediate) {
            clearTimeout(timer);
            void fetchUsage();
          } else refreshSoon();
        }
      },
      error: () => {},
    });
  };
  follow(range.value);

  const offUsage = deps.onUsage(refreshSoon);
  const poll = deps.pollMs ? setInterval(() => refreshSoon(), deps.pollMs) : undefined;

  const setRange = (r: DayRange) => {
    if (sameRange(range.value, r)) return;
    range.value = r;
    follow(r);
  };

  return {
    preset,
    range,
    local,
    usage,
    choosePreset(p) {
      preset.value = p;
      setRange(presetRange(p, localDay(now())));
    },
    chooseRange(r) {
      preset.value = 'custom';
      setRange(r);
    },
    refreshSoon,
    companionState(state) {
      const up = state === 'connected';
      if (up && !companionUp) refreshSoon();
      companionUp = up;
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      clearInterval(poll);
      sub?.unsubscribe();
      offUsage();
    },
  };
}
