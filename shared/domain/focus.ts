import { z } from 'zod';

export const MIN_BUDGET_MINUTES = 15;
export const MAX_BUDGET_MINUTES = 480;

export const BudgetMinutesSchema = z
  .number({ message: 'The time budget must be a number of minutes.' })
  .int({ message: 'The time budget must be a whole number of minutes.' })
  .min(MIN_BUDGET_MINUTES, { message: `The time budget must be between ${MIN_BUDGET_MINUTES} and ${MAX_BUDGET_MINUTES} minutes.` })
  .max(MAX_BUDGET_MINUTES, { message: `The time budget must be between ${MIN_BUDGET_MINUTES} and ${MAX_BUDGET_MINUTES} minutes.` });

const Weight = z
  .number({ message: 'Focus weights must be numbers from 0 to 1.' })
  .min(0, { message: 'Focus weights must be from 0 to 1.' })
  .max(1, { message: 'Focus weights must be from 0 to 1.' });

export const FocusWeightsSchema = z.object({
  bugs: Weight.default(1),
  features: Weight.default(1),
  refactor: Weight.default(1),
});
export type FocusWeights = z.infer<typeof FocusWeightsSchema>;

export const DEFAULT_FOCUS: FocusWeights = { bugs: 1, features: 1, refactor: 1 };
