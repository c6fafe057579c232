import { z } from 'zod';
import { AgentBlocksSchema, DayModelUsageSchema, DaySchema, FolderUsageSchema, ModelUsageSchema } from '../usage/analytics-schemas';
import { UsageAggregateSchema } from '../usage/session-usage';
import { DailyUsageSchema, UsageTotalsSchema } from '../usage/usage-schemas';

/** Limits that keep a request well under the 1 MiB frame: a few hundred sessions of a few dozen tasks. */
export const ANALYTICS_LIMITS = { sessions: 200, tasksPerSession: 60, intervalsPerTask: 20, intervals: 10_000, recentBlocks: 48 } as const;

const interval = z.tuple([z.number(), z.number()]);

/** A SessionPilot session whose agent usage is wanted per task: its workspace, window and task times. */
export const AnalyticsSessionWindowSchema = z
  .object({
    path: z.string().min(1).max(4096),
    from: z.number().nonnegative(),
    to: z.number().nonnegative(),
    tasks: z.array(z.object({ taskId: z.string().min(1).max(200), intervals: z.array(interval).max(ANALYTICS_LIMITS.intervalsPerTask) })).max(ANALYTICS_LIMITS.tasksPerSession),
  })
  .strict();
export type AnalyticsSessionWindow = z.infer<typeof AnalyticsSessionWindowSchema>;

/**
 * Agent-usage analytics over the same entries as the CLI's `usage` (so its `daily` and `totals`
 * equal `usage --json` for the same days): by day × model, model and folder; the 5-hour blocks
 * with the running one's burn rate and a P90 limit estimate; and, for the sessions sent, usage
 * per SessionPilot task. Folders outside the allowed roots are pooled, never named.
 */
export const AnalyticsMethods = {
  'usage.analytics': {
    params: z
      .object({
        /** Local days (the companion's time zone, like the CLI), inclusive. */
        since: DaySchema.optional(),
        until: DaySchema.optional(),
        sessions: z
          .array(AnalyticsSessionWindowSchema)
          .max(ANALYTICS_LIMITS.sessions)
          .refine((list) => list.reduce((n, s) => n + s.tasks.reduce((m, t) => m + t.intervals.length, 0), 0) <= ANALYTICS_LIMITS.intervals, 'Too many task intervals.')
          .default([]),
        recentBlocks: z.number().int().positive().max(ANALYTICS_LIMITS.recentBlocks).default(12),
      })
      .strict(),
    result: z.object({
      daily: z.array(DailyUsageSchema),
      totals: UsageTotalsSchema,
      dailyByModel: z.array(DayModelUsageSchema),
      byModel: z.array(ModelUsageSchema),
      byFolder: z.array(FolderUsageSchema),
      /** Blocks per agent that has any usage (all time, not only the days asked for). */
      blocks: z.array(AgentBlocksSchema),
      /** Agent usage per SessionPilot task id, over the sessions sent. */
      byTask: z.record(z.string(), UsageAggregateSchema),
      /** Sessions sent whose workspace is outside the allowed folders (their usage is left out). */
      sessionsOutsideRoots: z.number().int().nonnegative(),
      /** When the companion worked this out (epoch ms): the blocks' "now". */
      at: z.number(),
      notices: z.array(z.string()),
    }),
  },
} as const;
