import type { Session } from '../../../shared/domain/session';

export interface WorkspacePlace {
  id: string;
  name: string;
  path: string;
}

/** Folder paths compared as the agents log them: `/` or `\` separators, no trailing separator. */
function normalized(path: string): string {
  const p = path.replace(/\\/g, '/').replace(/\/+$/, '');
  return /^[A-Za-z]:/.test(p) ? p.toLowerCase() : p;
}

/** True when `cwd` is `folder` or inside it (a sibling like `/src/shop-old` is not inside `/src/shop`). */
export function isInside(cwd: string, folder: string): boolean {
  const c = normalized(cwd);
  const f = normalized(folder);
  return f !== '' && (c === f || c.startsWith(`${f}/`));
}

/** The workspace an agent ran in: the one whose folder holds `cwd`, the deepest when folders nest. */
export function workspaceOfCwd<W extends WorkspacePlace>(cwd: string | null, workspaces: readonly W[]): W | null {
  if (!cwd) return null;
  let best: W | null = null;
  for (const w of workspaces) {
    if (isInside(cwd, w.path) && (!best || normalized(w.path).length > normalized(best.path).length)) best = w;
  }
  return best;
}

/** When a SessionPilot session ran: from its start to its end (or now, while it runs). */
function windowOf(s: Session, now: number): [number, number] | null {
  if (s.startedAt === undefined) return null;
  return [s.startedAt, s.endedAt ?? (s.status === 'active' || s.status === 'paused' ? now : (s.deadlineAt ?? s.startedAt))];
}

/**
 * The SessionPilot session an agent session belongs to: one in the same workspace whose time
 * overlaps the agent's, the one overlapping most when several do.
 */
export function linkedSession(agent: { startedAt: number; endedAt: number }, workspaceId: string, sessions: readonly Session[], now: number): Session | null {
  let best: Session | null = null;
  let bestOverlap = -1;
  for (const s of sessions) {
    if (s.workspaceId !== workspaceId) continue;
    const w = windowOf(s, now);
    if (!w) continue;
    const overlap = Math.min(w[1], agent.endedAt) - Math.max(w[0], agent.startedAt);
    if (overlap >= 0 && overlap > bestOverlap) {
      best = s;
      bestOverlap = overlap;
    }
  }
  return best;
}
