import { z } from 'zod';
import { IdSchema, TimestampSchema } from './ids';

/** A signal is one thing the repo (or GitHub, or the user) says needs doing; plans cite them by id. */
const Base = { id: IdSchema, sessionId: IdSchema.optional() };

export const MarkerSignalSchema = z.object({
  ...Base,
  kind: z.literal('marker'),
  file: z.string(),
  line: z.number().int().positive(),
  tag: z.string(),
  text: z.string(),
  context: z.string().optional(),
});

export const FailingTestSignalSchema = z.object({
  ...Base,
  kind: z.literal('failing_test'),
  name: z.string(),
  file: z.string().optional(),
  message: z.string().optional(),
  reportedAt: TimestampSchema.optional(),
});

/** Repo state that blocks work: conflicted files, a merge or rebase left half-done. */
export const GitSignalSchema = z.object({
  ...Base,
  kind: z.literal('git'),
  summary: z.string(),
  state: z.enum(['conflicts', 'merge', 'rebase', 'other']).optional(),
  files: z.array(z.string()).optional(),
});

export const GithubItemSignalSchema = z.object({
  ...Base,
  kind: z.enum(['github_issue', 'github_pr']),
  number: z.number().int().positive(),
  title: z.string(),
  url: z.string(),
  labels: z.array(z.string()).default([]),
  assignedToMe: z.boolean().optional(),
  authoredByMe: z.boolean().optional(),
  /** A PR waiting for the user's review. */
  reviewRequested: z.boolean().optional(),
  checks: z.enum(['failing', 'pending', 'passing']).optional(),
  draft: z.boolean().optional(),
  /** Unresolved review threads on the user's own PR. */
  openThreads: z.number().int().nonnegative().optional(),
  updatedAt: TimestampSchema.optional(),
});

/** Something the user queued for the next plan (from the GitHub overlay or by hand). */
export const BacklogSignalSchema = z.object({
  ...Base,
  kind: z.literal('backlog'),
  title: z.string(),
  url: z.string().optional(),
  category: z.enum(['bug', 'feature', 'refactor', 'other']).optional(),
  estimateMinutes: z.number().int().positive().max(480).optional(),
  addedAt: TimestampSchema.optional(),
});

export const SignalSchema = z.union([
  MarkerSignalSchema,
  FailingTestSignalSchema,
  GitSignalSchema,
  GithubItemSignalSchema,
  BacklogSignalSchema,
]);
export type Signal = z.infer<typeof SignalSchema>;
export type SignalKind = Signal['kind'];
