import { z } from 'zod';
import { PlannedTaskSchema } from '../domain/task';

/** The plan every planner returns (DESIGN.md's CLI contract shape). */
export const PlanSchema = z.object({
  planner: z.enum(['claude', 'offline']),
  tasks: z.array(PlannedTaskSchema),
  totalMinutes: z.number().int().nonnegative(),
  notices: z.array(z.string()).default([]),
});
export type Plan = z.infer<typeof PlanSchema>;
