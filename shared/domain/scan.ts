import { z } from 'zod';
import { MarkerSchema } from './marker';

export const SkippedFileSchema = z.object({
  file: z.string(),
  reason: z.enum(['too_large', 'unreadable', 'not_a_file']),
  bytes: z.number().int().nonnegative().optional(),
});

export const CommitSchema = z.object({
  hash: z.string(),
  subject: z.string(),
  author: z.string(),
  /** Committer date, epoch ms. */
  date: z.number(),
});
export type Commit = z.infer<typeof CommitSchema>;

export const ChangedFileSchema = z.object({
  file: z.string(),
  /** Porcelain v2 XY, e.g. "M." staged, ".M" unstaged, "UU" conflicted. */
  status: z.string(),
});

/** Everything git says about the work tree; every field but `isRepo` is absent outside a repo or with --no-git. */
export const GitStateSchema = z.object({
  isRepo: z.boolean(),
  branch: z.string().nullable().optional(),
  head: z.string().nullable().optional(),
  upstream: z.string().nullable().optional(),
  ahead: z.number().int().nonnegative().optional(),
  behind: z.number().int().nonnegative().optional(),
  staged: z.array(ChangedFileSchema).optional(),
  unstaged: z.array(ChangedFileSchema).optional(),
  untracked: z.array(z.string()).optional(),
  conflicted: z.array(z.string()).optional(),
  /** Lists above are cut at this many entries each; counts stay exact. */
  counts: z
    .object({ staged: z.number().int(), unstaged: z.number().int(), untracked: z.number().int(), conflicted: z.number().int() })
    .optional(),
  dirtyFiles: z.number().int().nonnegative().optional(),
  untrackedFiles: z.number().int().nonnegative().optional(),
  stashCount: z.number().int().nonnegative().optional(),
  recentCommits: z.array(CommitSchema).optional(),
  diffStat: z.object({ files: z.number().int(), insertions: z.number().int(), deletions: z.number().int() }).optional(),
  /** An operation in progress: the user is mid-merge, mid-rebase, … */
  operation: z.enum(['merge', 'rebase', 'cherry-pick', 'revert', 'bisect']).nullable().optional(),
  /** One sentence for each part git could not answer (the rest is still delivered). */
  problems: z.array(z.string()).optional(),
});
export type GitState = z.infer<typeof GitStateSchema>;

export const FailingTestSchema = z.object({
  name: z.string(),
  file: z.string().optional(),
  message: z.string().optional(),
  /** When the report was written (file mtime), epoch ms. */
  reportedAt: z.number().optional(),
  /** The report is older than the newest source change, or over a day old. */
  stale: z.boolean().optional(),
  /** The report file it came from, relative to the root. */
  report: z.string().optional(),
});
export type FailingTest = z.infer<typeof FailingTestSchema>;

export const TestReportSchema = z.object({
  path: z.string(),
  kind: z.enum(['junit', 'vitest-json', 'jest-json', 'pytest-lastfailed', 'go-test-json']),
  writtenAt: z.number(),
  stale: z.boolean(),
  failures: z.number().int().nonnegative(),
});

export const TestStateSchema = z.object({
  checked: z.boolean(),
  failures: z.array(FailingTestSchema),
  reports: z.array(TestReportSchema).optional(),
  /** One sentence per report that could not be read (not valid XML/JSON, unreadable). */
  problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type TestState = z.infer<typeof TestStateSchema>;

export const ProjectFactsSchema = z.object({
  languages: z.array(z.object({ language: z.string(), files: z.number().int(), bytes: z.number().int(), share: z.number() })),
  packageManager: z.string().nullable(),
  testCommand: z.string().nullable(),
  files: z.number().int(),
  bytes: z.number().int(),
});
export type ProjectFacts = z.infer<typeof ProjectFactsSchema>;

/** The CLI `scan --json` document and the companion's `scan` result. */
export const ScanResultSchema = z.object({
  root: z.string(),
  markers: z.array(MarkerSchema),
  git: GitStateSchema,
  tests: TestStateSchema,
  facts: ProjectFactsSchema.optional(),
  fileSet: z.enum(['git', 'walk']),
  filesScanned: z.number().int().nonnegative(),
  /** Files whose result came from the cache because they had not changed. */
  filesFromCache: z.number().int().nonnegative().optional(),
  skipped: z.array(SkippedFileSchema),
  durationMs: z.number().nonnegative(),
});
export type ScanResult = z.infer<typeof ScanResultSchema>;
