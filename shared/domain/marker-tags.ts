/** The built-in marker words (kept free of zod so the scanner's hot path loads nothing else). */
export const MARKER_TAGS = ['TODO', 'FIXME', 'HACK', 'XXX', 'BUG'] as const;
export type BuiltInMarkerTag = (typeof MARKER_TAGS)[number];
