import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendRequest } from '../../../lib/messages/send-request';
import { applyTheme, ThemeSchema, type Theme } from '../../../lib/settings/theme';

/** System / light / dark, applied at once here and remembered for every extension page. */
export function ThemeSelect() {
  const [theme, setTheme] = useState<Theme>('system');
  useEffect(() => {
    void browser.storage.local.get('theme').then((raw) => {
      const parsed = ThemeSchema.safeParse(raw.theme);
      if (parsed.success) setTheme(parsed.data);
      applyTheme(document, raw.theme);
    });
  }, []);
  return (
    <label class="theme-select">
      <span class="muted small">Theme</span>
      <select
        aria-label="Theme"
        value={theme}
        onChange={(e) => {
          const next = e.currentTarget.value as Theme;
          setTheme(next);
          applyTheme(document, next);
          void sendRequest({ type: 'settings.theme.save', theme: next });
        }}
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
