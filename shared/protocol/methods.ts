import { z } from 'zod';
import { SessionUsageSchema, TaskWindowSchema } from '../usage/session-usage';
import { ScanResultSchema, TestStateSchema } from '../domain/scan';
import { AgentMethods } from './agent-methods';
import { AnalyticsMethods } from './analytics-methods';
import { BackupMethods } from './backup-methods';

/**
 * Every request the extension may make, with its params and result schemas. Nothing here can widen
 * what the companion reads or runs: roots and test commands are set only locally.
 */
export const Methods = {
  ping: { params: z.object({}).strict().optional(), result: z.object({ at: z.number() }) },
  'roots.list': { params: z.object({}).strict().optional(), result: z.object({ roots: z.array(z.string()) }) },
  'workspace.check': {
    params: z.object({ path: z.string().min(1).max(4096) }).strict(),
    result: z.object({ path: z.string(), realPath: z.string(), isGitRepo: z.boolean() }),
  },
  scan: {
    params: z
      .object({
        path: z.string().min(1).max(4096),
        /** Per-workspace extra marker words (letters, digits, _ and -). */
        extraTags: z.array(z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,31}$/)).max(20).optional(),
      })
      .strict(),
    result: ScanResultSchema,
  },
  /** Who wrote a marker's line and when, for the few markers shown. */
  blame: {
    params: z.object({ path: z.string().min(1).max(4096), file: z.string().min(1).max(4096), line: z.number().int().positive() }).strict(),
    result: z.object({ author: z.string(), authoredAt: z.number().optional(), commit: z.string().optional(), summary: z.string().optional() }),
  },
  /** Keep a workspace's scan current while a session runs; changes arrive as `signals.changed` events. */
  watch: {
    params: z
      .object({
        path: z.string().min(1).max(4096),
        on: z.boolean(),
        extraTags: z.array(z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,31}$/)).max(20).optional(),
      })
      .strict(),
    result: z.object({ watching: z.boolean(), root: z.string() }),
  },
  /** Runs the test command configured locally for this folder (never one the extension sends). */
  'tests.run': {
    params: z.object({ path: z.string().min(1).max(4096) }).strict(),
    result: z.object({
      exitCode: z.number().nullable(),
      durationMs: z.number(),
      timedOut: z.boolean(),
      outputTail: z.string(),
      tests: TestStateSchema,
    }),
  },
  unpair: { params: z.object({}).strict().optional(), result: z.object({ unpaired: z.literal(true) }) },
  /** What AI coding agents did in this workspace during a session window, by task (aggregates only). */
  'usage.session': {
    params: z
      .object({ path: z.string().min(1).max(4096), from: z.number().nonnegative(), to: z.number().nonnegative(), tasks: z.array(TaskWindowSchema).max(500) })
      .strict(),
    result: SessionUsageSchema.extend({ notices: z.array(z.string()) }),
  },
  ...AgentMethods,
  ...AnalyticsMethods,
  ...BackupMethods,
} as const;

export type MethodName = keyof typeof Methods;
export type MethodParams<M extends MethodName> = z.input<(typeof Methods)[M]['params']>;
export type MethodResult<M extends MethodName> = z.infer<(typeof Methods)[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(Methods, name);
}

/** The event the companion pushes when a watched workspace's signals change. */
export const SignalsChangedEventSchema = z.object({
  root: z.string(),
  scan: ScanResultSchema,
  change: z.object({ files: z.number(), markersBefore: z.number(), markersAfter: z.number(), git: z.boolean() }),
});
export type SignalsChangedEvent = z.infer<typeof SignalsChangedEventSchema>;
