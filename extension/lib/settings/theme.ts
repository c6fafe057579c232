import { z } from 'zod';
import type { SessionPilotDb } from '../db/db';

/** Settings row and storage key: the theme every extension page applies (system by default). */
export const THEME_KEY = 'theme';
export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

export async function loadTheme(db: SessionPilotDb): Promise<Theme> {
  const parsed = ThemeSchema.safeParse((await db.settings.get(THEME_KEY))?.value);
  return parsed.success ? parsed.data : 'system';
}

export async function saveTheme(db: SessionPilotDb, theme: Theme): Promise<void> {
  await db.settings.put({ key: THEME_KEY, value: theme });
}

/** Applies a theme to a page: `data-theme` on <html> pins light or dark; none follows the system. */
export function applyTheme(doc: Document, raw: unknown): void {
  const theme = ThemeSchema.safeParse(raw);
  if (theme.success && theme.data !== 'system') doc.documentElement.dataset.theme = theme.data;
  else delete doc.documentElement.dataset.theme;
}
