import { z } from 'zod';

/** Ids are opaque strings (crypto.randomUUID() at the edges). */
export const IdSchema = z.string().min(1).max(200);
export type Id = z.infer<typeof IdSchema>;

/** Epoch milliseconds. */
export const TimestampSchema = z.number().int().nonnegative();
