import { z } from 'zod';
import { IdSchema, TimestampSchema } from './ids';

export const TASK_CATEGORIES = ['bug', 'feature', 'refactor', 'other'] as const;
export const TaskCategorySchema = z.enum(TASK_CATEGORIES);
export type TaskCategory = z.infer<typeof TaskCategorySchema>;

export const TASK_STATUSES = ['pending', 'in_progress', 'review', 'done', 'skipped'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/** `sources` holds signal ids, or the literal "goal" when the task comes from the goal alone. */
export const TaskSourcesSchema = z.array(z.string().min(1)).min(1);

export const PlannedTaskSchema = z.object({
  title: z.string().trim().min(1).max(300),
  category: TaskCategorySchema,
  estimateMinutes: z.number().int().positive().max(480),
  rationale: z.string().max(2000),
  /** How the developer will know the task is done. */
  acceptance: z.string().max(500).optional(),
  sources: TaskSourcesSchema,
});
export type PlannedTask = z.infer<typeof PlannedTaskSchema>;

export const TaskSchema = PlannedTaskSchema.extend({
  id: IdSchema,
  sessionId: IdSchema,
  order: z.number().int().nonnegative(),
  status: TaskStatusSchema,
  notes: z.string().default(''),
  actualMinutes: z.number().nonnegative().optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Task = z.infer<typeof TaskSchema>;
