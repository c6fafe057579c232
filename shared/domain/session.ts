import { z } from 'zod';
import { FocusWeightsSchema, BudgetMinutesSchema } from './focus';
import { IdSchema, TimestampSchema } from './ids';

export const SESSION_STATUSES = ['planning', 'selecting', 'active', 'paused', 'completed', 'cancelled'] as const;
export const SessionStatusSchema = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const PlannerKindSchema = z.enum(['claude', 'offline']);

/**
 * The clock's truth is `deadlineAt` (shifted by pauses and extensions); `pausedAt` is set while
 * paused. Alarms only wake the background.
 */
export const SessionSchema = z.object({
  id: IdSchema,
  workspaceId: IdSchema,
  goal: z.string().max(2000),
  budgetMinutes: BudgetMinutesSchema,
  focus: FocusWeightsSchema,
  status: SessionStatusSchema,
  planner: PlannerKindSchema.optional(),
  createdAt: TimestampSchema,
  startedAt: TimestampSchema.optional(),
  deadlineAt: TimestampSchema.optional(),
  pausedAt: TimestampSchema.optional(),
  endedAt: TimestampSchema.optional(),
  summary: z.string().optional(),
  handoff: z.string().optional(),
  /** The handoff's suggestion for the next session's goal. */
  nextGoal: z.string().max(300).optional(),
  /** Tokens and cost of the Claude calls that planned (or summarized) this session. */
  aiUsage: z
    .object({
      model: z.string(),
      calls: z.number().int().nonnegative(),
      inputTokens: z.number().int().nonnegative(),
      outputTokens: z.number().int().nonnegative(),
      cacheCreationTokens: z.number().int().nonnegative(),
      cacheReadTokens: z.number().int().nonnegative(),
      cost: z.number().nonnegative().nullable(),
    })
    .optional(),
  /** What the repo said when the plan was made, so the summary can tell what changed. */
  startSignals: z.object({ markers: z.number().int().nonnegative(), failingTests: z.array(z.string()).max(500) }).optional(),
});
export type Session = z.infer<typeof SessionSchema>;
