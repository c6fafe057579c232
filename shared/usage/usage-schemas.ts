import { z } from 'zod';

const tokens = z.number().int().nonnegative();

/**
 * One agent API response as imported from a local log: enough to attribute it to a session later
 * (cwd inside the workspace, time inside the session window). No log text, only paths and numbers.
 */
export const UsageEntrySchema = z.object({
  agent: z.enum(['claude', 'codex']),
  /** Epoch ms. */
  timestamp: z.number(),
  sessionId: z.string(),
  cwd: z.string().nullable(),
  model: z.string().nullable(),
  inputTokens: tokens,
  outputTokens: tokens,
  cacheCreationTokens: tokens,
  cacheReadTokens: tokens,
  /** USD; null when the model's price is unknown (never shown as $0). */
  cost: z.number().nonnegative().nullable(),
  /** Files the agent edited in this response (Edit/Write/MultiEdit/NotebookEdit, Codex apply_patch). */
  files: z.array(z.string()),
  isSidechain: z.boolean(),
});
export type UsageEntry = z.infer<typeof UsageEntrySchema>;

const totalsShape = {
  inputTokens: tokens,
  outputTokens: tokens,
  cacheCreationTokens: tokens,
  cacheReadTokens: tokens,
  totalTokens: tokens,
  /** USD of the priced entries only. */
  totalCost: z.number().nonnegative(),
  /** Models with tokens but no known price; their cost is missing from totalCost. */
  unpricedModels: z.array(z.string()),
};

export const UsageTotalsSchema = z.object(totalsShape);
export type UsageTotals = z.infer<typeof UsageTotalsSchema>;

/** One local calendar day, named like `ccusage daily --json` (`date`, and `period` as ccusage 20 calls it). */
export const DailyUsageSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  period: z.string(),
  ...totalsShape,
  modelsUsed: z.array(z.string()),
});
export type DailyUsage = z.infer<typeof DailyUsageSchema>;

export const UsageReportSchema = z.object({
  daily: z.array(DailyUsageSchema),
  totals: UsageTotalsSchema,
});
export type UsageReport = z.infer<typeof UsageReportSchema>;
