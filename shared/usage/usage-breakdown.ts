import { localDay, type PricedTokens } from './daily-usage';
import type { DayModelUsage, FolderUsage, ModelUsage } from './analytics-schemas';
import type { UsageAggregate } from './session-usage';
import { addToAggregate, emptyAggregate } from './usage-aggregate';

export const UNKNOWN_MODEL = 'unknown model';

/** What the breakdown needs of an entry: its priced tokens and the folder the agent ran in. */
export interface FolderEntry extends PricedTokens {
  cwd: string | null;
}

export interface UsageBreakdown {
  dailyByModel: DayModelUsage[];
  byModel: ModelUsage[];
  byFolder: FolderUsage[];
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/**
 * The cwd itself when it lies inside one of `roots` (each given as the user wrote it and, where it
 * differs, resolved), else null. Lexical: a cwd with `.` or `..` segments is treated as outside.
 */
export function folderInRoots(cwd: string | null, roots: readonly string[]): string | null {
  if (!cwd || !cwd.startsWith('/') || /(^|\/)\.\.?(\/|$)/.test(cwd)) return null;
  const path = trimSlash(cwd);
  for (const raw of roots) {
    const root = trimSlash(raw);
    if (path === root || path.startsWith(root === '/' ? '/' : `${root}/`)) return path;
  }
  return null;
}

const SPAN_MS = 15 * 60_000;

/** localDay, worked out once per quarter hour that lies wholly inside one day (offsets are whole quarter hours). */
function dayFinder(): (ms: number) => string {
  const spans = new Map<number, string | null>();
  return (ms) => {
    const span = Math.floor(ms / SPAN_MS);
    let day = spans.get(span);
    if (day === undefined) {
      const first = localDay(span * SPAN_MS);
      day = first === localDay(span * SPAN_MS + SPAN_MS - 1) ? first : null;
      spans.set(span, day);
    }
    return day ?? localDay(ms);
  };
}

const byCostThenName = <T extends UsageAggregate>(key: (r: T) => string) => (a: T, b: T) => b.cost - a.cost || b.totalTokens - a.totalTokens || (key(a) < key(b) ? -1 : 1);

/**
 * Agent usage by local day × model, by model and by folder, over the days from `since` to `until`
 * (inclusive, the same local days as the CLI's `usage`). `folderOf` names a cwd the user allowed
 * (null pools it with every other one), so no other folder is named.
 */
export function breakdownUsage(entries: Iterable<FolderEntry>, options: { since?: string; until?: string; folderOf: (cwd: string | null) => string | null }): UsageBreakdown {
  const dayOf = dayFinder();
  const dayModel = new Map<string, DayModelUsage>();
  const models = new Map<string, ModelUsage>();
  const folders = new Map<string | null, FolderUsage>();
  const folderCache = new Map<string | null, string | null>();
  const { since, until } = options;
  for (const e of entries) {
    const date = dayOf(e.timestamp);
    if ((since && date < since) || (until && date > until)) continue;
    const model = e.model ?? UNKNOWN_MODEL;
    const key = `${date}\0${model}`;
    let dm = dayModel.get(key);
    if (!dm) dayModel.set(key, (dm = { date, model, ...emptyAggregate() }));
    addToAggregate(dm, e);
    let m = models.get(model);
    if (!m) models.set(model, (m = { model, ...emptyAggregate() }));
    addToAggregate(m, e);
    let path = folderCache.get(e.cwd);
    if (path === undefined) folderCache.set(e.cwd, (path = options.folderOf(e.cwd)));
    let f = folders.get(path);
    if (!f) folders.set(path, (f = { path, ...emptyAggregate() }));
    addToAggregate(f, e);
  }
  return {
    dailyByModel: [...dayModel.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.model < b.model ? -1 : a.model > b.model ? 1 : 0)),
    byModel: [...models.values()].sort(byCostThenName((r) => r.model)),
    // The pooled "outside your folders" row goes last, whatever it cost.
    byFolder: [...folders.values()].sort((a, b) => (a.path === null ? 1 : b.path === null ? -1 : byCostThenName<FolderUsage>((r) => r.path!)(a, b))),
  };
}
