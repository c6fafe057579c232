import { z } from 'zod';
import { MarkerSchema } from './marker';

export const SkippedFileSchema = z.object({
  file: z.string(),
  reason: z.enum(['too_large', 'unreadable', 'not_a_file']),
  bytes: z.number().int().nonnegative().optional(),
});

export const GitStateSchema = z.object({
  isRepo: z.boolean(),
  branch: z.string().nullable().optional(),
  head: z.string().nullable().optional(),
  dirtyFiles: z.number().int().nonnegative().optional(),
  untrackedFiles: z.number().int().nonnegative().optional(),
});
export type GitState = z.infer<typeof GitStateSchema>;

export const FailingTestSchema = z.object({
  name: z.string(),
  file: z.string().optional(),
  message: z.string().optional(),
});

export const TestStateSchema = z.object({
  checked: z.boolean(),
  failures: z.array(FailingTestSchema),
});

/** The CLI `scan --json` document and the companion's `scan` result. */
export const ScanResultSchema = z.object({
  root: z.string(),
  markers: z.array(MarkerSchema),
  git: GitStateSchema,
  tests: TestStateSchema,
  fileSet: z.enum(['git', 'walk']),
  filesScanned: z.number().int().nonnegative(),
  skipped: z.array(SkippedFileSchema),
  durationMs: z.number().nonnegative(),
});
export type ScanResult = z.infer<typeof ScanResultSchema>;
