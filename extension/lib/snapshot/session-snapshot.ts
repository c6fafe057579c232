// zod/mini keeps the popup bundle small: the popup parses only this snapshot, never opens Dexie.
import * as z from 'zod/mini';

export { COMPANION_STATUS_KEY, SNAPSHOT_KEY } from './storage-keys';

export const SnapshotTaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  estimateMinutes: z.number(),
  category: z.string(),
});

/** The small picture of the running session the background keeps for the popup. */
export const SessionSnapshotSchema = z.object({
  sessionId: z.string(),
  workspaceName: z.string(),
  goal: z.string(),
  status: z.enum(['active', 'paused', 'completed', 'cancelled']),
  deadlineAt: z.number(),
  pausedAt: z.optional(z.number()),
  endedAt: z.optional(z.number()),
  currentTask: z.nullable(SnapshotTaskSchema),
  nextTask: z.nullable(SnapshotTaskSchema),
  tasksDone: z.number(),
  tasksTotal: z.number(),
  /** For "plan the next one here" from the popup once this session has ended. */
  workspaceId: z.optional(z.string()),
  budgetMinutes: z.optional(z.number()),
  focus: z.optional(z.object({ bugs: z.number(), features: z.number(), refactor: z.number() })),
  nextGoal: z.optional(z.string()),
});
export type SessionSnapshot = z.infer<typeof SessionSnapshotSchema>;

export const COMPANION_STATES = ['not_paired', 'connecting', 'connected', 'offline', 'refused', 'untrusted', 'mismatch', 'replaced'] as const;

export const CompanionStatusSchema = z.object({
  state: z.enum(COMPANION_STATES),
  port: z.number(),
  message: z.string(),
  fix: z.optional(z.string()),
  companionVersion: z.optional(z.string()),
});
export type CompanionStatus = z.infer<typeof CompanionStatusSchema>;
