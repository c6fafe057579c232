import { z } from 'zod';
import { TASK_CATEGORIES } from '../domain/task';
import { UsageAggregateSchema } from './session-usage';

/** A YYYY-MM-DD local calendar day, as the CLI's `--since` / `--until` take it. */
export const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Agent usage of one local day and one model (`unknown model` when the log named none). */
export const DayModelUsageSchema = UsageAggregateSchema.extend({ date: DaySchema, model: z.string() });
export type DayModelUsage = z.infer<typeof DayModelUsageSchema>;

export const ModelUsageSchema = UsageAggregateSchema.extend({ model: z.string() });
export type ModelUsage = z.infer<typeof ModelUsageSchema>;

/**
 * Agent usage of one folder the agents ran in. `path` is the logged cwd when it is inside a folder
 * the user allowed; every other cwd is pooled in one row with `path: null`, so no folder the user
 * did not allow is ever named.
 */
export const FolderUsageSchema = UsageAggregateSchema.extend({ path: z.string().nullable() });
export type FolderUsage = z.infer<typeof FolderUsageSchema>;

/** A 5-hour billing block as `ccusage blocks` defines it; a gap block marks 5+ idle hours. */
export const UsageBlockSchema = UsageAggregateSchema.extend({
  id: z.string(),
  /** Epoch ms: the first entry's time floored to the UTC hour (gap blocks: last activity + 5 h). */
  startTime: z.number(),
  /** startTime + 5 h (gap blocks: the next activity). */
  endTime: z.number(),
  /** The block's first and last entries; null for a gap block. */
  firstEntryTime: z.number().nullable(),
  actualEndTime: z.number().nullable(),
  isActive: z.boolean(),
  isGap: z.boolean(),
  models: z.array(z.string()),
});
export type UsageBlock = z.infer<typeof UsageBlockSchema>;

/** Usage per minute between the block's first and last entry. */
export const BurnRateSchema = z.object({
  /** All tokens (cache included), as ccusage's `tokensPerMinute`. */
  tokensPerMinute: z.number().nonnegative(),
  /** Input + output only, as ccusage's `tokensPerMinuteForIndicator`. */
  inputOutputTokensPerMinute: z.number().nonnegative(),
  costPerMinute: z.number().nonnegative(),
  costPerHour: z.number().nonnegative(),
});
export type BurnRate = z.infer<typeof BurnRateSchema>;

/** Where the active block ends up if the burn rate holds until its end. */
export const BlockProjectionSchema = z.object({
  totalTokens: z.number().nonnegative(),
  cost: z.number().nonnegative(),
  remainingMinutes: z.number().nonnegative(),
});
export type BlockProjection = z.infer<typeof BlockProjectionSchema>;

export const ActiveBlockSchema = UsageBlockSchema.extend({
  /** Null until the block has two entries at different times. */
  burnRate: BurnRateSchema.nullable(),
  projection: BlockProjectionSchema.nullable(),
});
export type ActiveBlock = z.infer<typeof ActiveBlockSchema>;

/**
 * An estimate of where the user's 5-hour limit lies: the 90th percentile of their own recent
 * completed blocks. It is not the provider's limit, which no log states.
 */
export const LimitEstimateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('p90'), tokens: z.number().nonnegative(), cost: z.number().nonnegative(), basedOnBlocks: z.number().int().positive() }),
  z.object({ kind: z.literal('not_enough_history'), basedOnBlocks: z.number().int().nonnegative(), needed: z.number().int().positive() }),
]);
export type LimitEstimate = z.infer<typeof LimitEstimateSchema>;

/** One agent's blocks: Claude Code and Codex limits are separate, so are their blocks. */
export const AgentBlocksSchema = z.object({
  agent: z.enum(['claude', 'codex']),
  active: ActiveBlockSchema.nullable(),
  /** The most recent blocks, gaps included, oldest first. */
  recent: z.array(UsageBlockSchema),
  estimate: LimitEstimateSchema,
});
export type AgentBlocks = z.infer<typeof AgentBlocksSchema>;

export const TaskCategoryEnum = z.enum(TASK_CATEGORIES);

/** Minutes worked per task category (pauses excluded). */
export interface CategoryTime {
  category: (typeof TASK_CATEGORIES)[number];
  tasks: number;
  minutes: number;
}

/** Estimated and actual minutes per category, over the tasks that were done. */
export interface CategoryEstimate {
  category: (typeof TASK_CATEGORIES)[number];
  tasks: number;
  estimateMinutes: number;
  actualMinutes: number;
}
