import { z } from 'zod';
import { ScanResultSchema } from '../domain/scan';

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
    params: z.object({ path: z.string().min(1).max(4096) }).strict(),
    result: ScanResultSchema,
  },
  unpair: { params: z.object({}).strict().optional(), result: z.object({ unpaired: z.literal(true) }) },
} as const;

export type MethodName = keyof typeof Methods;
export type MethodParams<M extends MethodName> = z.input<(typeof Methods)[M]['params']>;
export type MethodResult<M extends MethodName> = z.infer<(typeof Methods)[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(Methods, name);
}
