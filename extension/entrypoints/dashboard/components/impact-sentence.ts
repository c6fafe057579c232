import type { WorkspaceImpact } from '../../../lib/workspaces/workspace-store';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "This also deletes 2 sessions, 14 tasks and 1 backlog item." or nothing else goes. */
export function impactSentence(impact: WorkspaceImpact): string {
  const parts = [
    impact.sessions ? plural(impact.sessions, 'session', 'sessions') : '',
    impact.tasks ? plural(impact.tasks, 'task', 'tasks') : '',
    impact.backlog ? plural(impact.backlog, 'backlog item', 'backlog items') : '',
  ].filter(Boolean);
  if (parts.length === 0) return 'Nothing else is stored for it.';
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `This also deletes ${list}.`;
}
