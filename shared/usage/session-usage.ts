import { z } from 'zod';
import type { UsageEntry } from './usage-schemas';

const tokens = z.number().int().nonnegative();

export const UsageAggregateSchema = z.object({
  /** Agent API responses (turns). */
  turns: z.number().int().nonnegative(),
  inputTokens: tokens,
  outputTokens: tokens,
  cacheCreationTokens: tokens,
  cacheReadTokens: tokens,
  totalTokens: tokens,
  /** USD of the priced turns only. */
  cost: z.number().nonnegative(),
  /** Models with turns but no known price: their cost is missing, never $0. */
  unpricedModels: z.array(z.string()),
});
export type UsageAggregate = z.infer<typeof UsageAggregateSchema>;

export const SessionUsageSchema = z.object({
  total: UsageAggregateSchema,
  /** By SessionPilot task id: usage while that task was in progress. */
  byTask: z.record(z.string(), UsageAggregateSchema),
  models: z.array(z.string()),
  /** Agent conversations (Claude Code / Codex sessions) that worked in the window. */
  agentSessions: z.number().int().nonnegative(),
  /** Files the agents edited, relative to the workspace, most edited first (at most 30). */
  files: z.array(z.object({ file: z.string(), edits: z.number().int().positive() })),
});
export type SessionUsage = z.infer<typeof SessionUsageSchema>;

export const TaskWindowSchema = z.object({ taskId: z.string().max(200), intervals: z.array(z.tuple([z.number(), z.number()])).max(500) });
export type TaskWindow = z.infer<typeof TaskWindowSchema>;

export interface UsageWindow {
  /** The workspace's real path; an entry belongs to it when its cwd is this folder or inside it. */
  root: string;
  from: number;
  to: number;
  tasks: readonly TaskWindow[];
}

export function emptyAggregate(): UsageAggregate {
  return { turns: 0, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, totalTokens: 0, cost: 0, unpricedModels: [] };
}

function add(into: UsageAggregate, e: UsageEntry): void {
  into.turns++;
  into.inputTokens += e.inputTokens;
  into.outputTokens += e.outputTokens;
  into.cacheCreationTokens += e.cacheCreationTokens;
  into.cacheReadTokens += e.cacheReadTokens;
  into.totalTokens += e.inputTokens + e.outputTokens + e.cacheCreationTokens + e.cacheReadTokens;
  if (e.cost === null) {
    const model = e.model ?? 'unknown model';
    if (!into.unpricedModels.includes(model)) into.unpricedModels.push(model);
  } else into.cost += e.cost;
}

function inside(root: string, path: string): boolean {
  const r = root.endsWith('/') ? root.slice(0, -1) : root;
  return path === r || path.startsWith(`${r}/`);
}

/**
 * Attributes agent usage to a session and its tasks: an entry belongs to the session when its
 * `cwd` is inside the workspace and its time inside the session window; within it, to the task
 * that was in progress then (pauses belong to no task). Only numbers and workspace-relative
 * paths come out; no log text.
 */
export function attributeUsage(entries: Iterable<UsageEntry>, window: UsageWindow): SessionUsage {
  const total = emptyAggregate();
  const byTask: Record<string, UsageAggregate> = {};
  const models = new Set<string>();
  const sessions = new Set<string>();
  const files = new Map<string, number>();
  const root = window.root.endsWith('/') && window.root.length > 1 ? window.root.slice(0, -1) : window.root;
  for (const e of entries) {
    if (e.timestamp < window.from || e.timestamp > window.to || !e.cwd || !inside(root, e.cwd)) continue;
    add(total, e);
    if (e.model) models.add(e.model);
    sessions.add(`${e.agent}:${e.sessionId}`);
    for (const f of e.files) {
      if (!inside(root, f)) continue;
      const rel = f.slice(root.length + 1);
      if (rel) files.set(rel, (files.get(rel) ?? 0) + 1);
    }
    for (const t of window.tasks) {
      if (t.intervals.some(([a, b]) => e.timestamp >= a && e.timestamp <= b)) {
        add((byTask[t.taskId] ??= emptyAggregate()), e);
        break;
      }
    }
  }
  return {
    total,
    byTask,
    models: [...models].sort(),
    agentSessions: sessions.size,
    files: [...files].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 30).map(([file, edits]) => ({ file, edits })),
  };
}
