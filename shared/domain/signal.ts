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

export const GitSignalSchema = z.object({
  ...Base,
  kind: z.literal('git'),
  summary: z.string(),
});

export const GithubItemSignalSchema = z.object({
  ...Base,
  kind: z.enum(['github_issue', 'github_pr']),
  number: z.number().int().positive(),
  title: z.string(),
  url: z.string(),
  labels: z.array(z.string()).default([]),
});

export const BacklogSignalSchema = z.object({
  ...Base,
  kind: z.literal('backlog'),
  title: z.string(),
  url: z.string().optional(),
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
