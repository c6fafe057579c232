import { z } from 'zod';

export const ChimeNameSchema = z.enum(['warning', 'end', 'over']);
export type ChimeName = z.infer<typeof ChimeNameSchema>;

export const OffscreenMessageSchema = z.object({
  target: z.literal('offscreen'),
  type: z.literal('play'),
  chime: ChimeNameSchema,
  volume: z.number().min(0).max(1),
});
export type OffscreenMessage = z.infer<typeof OffscreenMessageSchema>;
