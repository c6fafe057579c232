import { z } from 'zod';

/**
 * The few fields SessionPilot reads from GitHub's REST and GraphQL answers. Unknown fields are
 * stripped, so what the ETag cache keeps is small; a missing field fails the parse (a bad answer).
 */

const LoginSchema = z.object({ login: z.string() });

/** Labels come as objects from the API; a bare string is accepted too (older payloads). */
const LabelSchema = z.union([z.string(), z.object({ name: z.string() })]).transform((l) => (typeof l === 'string' ? l : l.name));

export const UserPayloadSchema = LoginSchema;

export const RepoPayloadSchema = z.object({ full_name: z.string(), default_branch: z.string(), private: z.boolean().optional() });
export type RepoPayload = z.infer<typeof RepoPayloadSchema>;

/** /repos/{owner}/{repo}/issues lists PRs too: those carry a `pull_request` object. */
export const IssuePayloadSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  html_url: z.string(),
  state: z.string(),
  labels: z.array(LabelSchema).default([]),
  assignees: z.array(LoginSchema).nullish(),
  assignee: LoginSchema.nullish(),
  updated_at: z.string(),
  pull_request: z.object({}).nullish(),
});
export type IssuePayload = z.infer<typeof IssuePayloadSchema>;

export const PullPayloadSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  html_url: z.string(),
  state: z.string(),
  draft: z.boolean().optional(),
  user: LoginSchema.nullable(),
  labels: z.array(LabelSchema).default([]),
  requested_reviewers: z.array(LoginSchema).nullish(),
  head: z.object({ sha: z.string() }),
  updated_at: z.string(),
});
export type PullPayload = z.infer<typeof PullPayloadSchema>;

/** GET /repos/{owner}/{repo}/commits/{ref}/check-runs */
export const CheckRunsPayloadSchema = z.object({
  total_count: z.number().int().nonnegative(),
  check_runs: z.array(z.object({ name: z.string().optional(), status: z.string(), conclusion: z.string().nullable() })),
});
export type CheckRunsPayload = z.infer<typeof CheckRunsPayloadSchema>;

/** GET /repos/{owner}/{repo}/commits/{ref}/status: with no statuses at all, `state` is "pending". */
export const CombinedStatusPayloadSchema = z.object({
  state: z.string(),
  total_count: z.number().int().nonnegative(),
  statuses: z.array(z.object({ context: z.string().optional(), state: z.string() })),
});
export type CombinedStatusPayload = z.infer<typeof CombinedStatusPayloadSchema>;

export const CommitPayloadSchema = z.object({
  sha: z.string(),
  html_url: z.string(),
  commit: z.object({
    message: z.string(),
    author: z.object({ name: z.string().optional(), date: z.string().optional() }).nullable(),
  }),
  author: LoginSchema.nullable(),
});
export type CommitPayload = z.infer<typeof CommitPayloadSchema>;

/** The review-thread query's answer: one aliased `pN` pull request per PR asked about. */
export const ReviewThreadsPayloadSchema = z.object({
  repository: z
    .record(
      z.string(),
      z
        .object({
          number: z.number().int().positive(),
          reviewThreads: z.object({ nodes: z.array(z.object({ isResolved: z.boolean() }).nullable()) }),
        })
        .nullable(),
    )
    .nullable(),
});
export type ReviewThreadsPayload = z.infer<typeof ReviewThreadsPayloadSchema>;
