import { z } from 'zod';

import { MARKER_TAGS } from './marker-tags';

export { MARKER_TAGS };
export const MarkerTagSchema = z.enum(MARKER_TAGS);
export type MarkerTag = z.infer<typeof MarkerTagSchema>;

/** One marker as the CLI contract states it: `file` relative to the scan root, `line` 1-based. */
export const MarkerSchema = z.object({
  file: z.string().min(1),
  line: z.number().int().positive(),
  tag: z.string().min(1),
  text: z.string(),
  /** The enclosing function, class or Markdown heading, where cheap to tell. */
  context: z.string().optional(),
});
export type Marker = z.infer<typeof MarkerSchema>;
