import { z } from 'zod';
import { ErrorBodySchema } from './errors';

/**
 * The frames on the companion socket: a discriminated union on `type`. Requests carry an `id`;
 * replies and progress carry the same `id`. Method params and results are checked separately
 * (methods.ts) so an unknown method still gets a typed reply.
 */
const RequestId = z.string().min(1).max(64);

export const HelloFrameSchema = z.object({
  type: z.literal('hello'),
  protocol: z.number().int().positive(),
  app: z.string().max(64),
  version: z.string().max(64),
  /** Server → client only: HMAC proving the server holds the shared secret. */
  proof: z.string().max(256).optional(),
});

export const RequestFrameSchema = z.object({
  type: z.literal('request'),
  id: RequestId,
  method: z.string().min(1).max(64),
  params: z.unknown().optional(),
});

export const CancelFrameSchema = z.object({ type: z.literal('cancel'), id: RequestId });

export const ReplyFrameSchema = z.union([
  z.object({ type: z.literal('reply'), id: RequestId, ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('reply'), id: RequestId.nullable(), ok: z.literal(false), error: ErrorBodySchema }),
]);

export const ProgressFrameSchema = z.object({
  type: z.literal('progress'),
  id: RequestId,
  done: z.number().nonnegative(),
  total: z.number().nonnegative().optional(),
  message: z.string().max(500).optional(),
});

/** Server push, not tied to a request (signals changed, backup taken, …). */
export const EventFrameSchema = z.object({
  type: z.literal('event'),
  name: z.string().min(1).max(64),
  data: z.unknown().optional(),
});

export const PingFrameSchema = z.object({ type: z.literal('ping'), at: z.number() });
export const PongFrameSchema = z.object({ type: z.literal('pong'), at: z.number() });

/** What a client may send. */
export const ClientFrameSchema = z.discriminatedUnion('type', [
  HelloFrameSchema,
  RequestFrameSchema,
  CancelFrameSchema,
  PingFrameSchema,
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

/** What the companion may send. */
export const ServerFrameSchema = z.union([
  HelloFrameSchema,
  ReplyFrameSchema,
  ProgressFrameSchema,
  EventFrameSchema,
  PongFrameSchema,
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
export type ReplyFrame = z.infer<typeof ReplyFrameSchema>;
export type ProgressFrame = z.infer<typeof ProgressFrameSchema>;
export type HelloFrame = z.infer<typeof HelloFrameSchema>;
