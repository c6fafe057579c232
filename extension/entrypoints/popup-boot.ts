import { formatCountdown, remainingMs } from '../../shared/clock/session-clock';
import { BOOT_KEYS, type PopupBoot } from '../lib/snapshot/popup-boot';

type Area = { get: (keys: string[], done: (raw: Record<string, unknown>) => void) => void };

/** storage.session (memory) first, the fastest read; storage.local when the session area is empty (after a browser restart) or missing. */
function read(resolve: (raw: Record<string, unknown>) => void): void {
  const session = (chrome.storage as unknown as { session?: Area }).session;
  const local = () => chrome.storage.local.get([...BOOT_KEYS], (raw: Record<string, unknown>) => resolve(raw ?? {}));
  if (!session) return local();
  session.get([...BOOT_KEYS], (raw) => (raw && raw.snapshot ? resolve(raw) : local()));
}

/**
 * A tiny classic script the popup loads first: it starts the one storage read at once and paints
 * the time left as soon as it arrives; the app's modules load only after that paint (see main.tsx),
 * so they never delay it. The app then takes the same read, parses it with the snapshot schema,
 * and replaces this paint in one task. Only numbers are painted here, after a type check; text from
 * storage (task titles) waits for the app.
 */
export default defineUnlistedScript(() => {
  const boot = window as unknown as PopupBoot;
  boot.__sessionpilotBoot = new Promise(read);
  const ready = new Promise<void>((resolve) => (document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }) : resolve()));
  void Promise.all([boot.__sessionpilotBoot, ready]).then(([raw]) => {
    // A pinned theme (Settings) applies before anything paints.
    if (raw.theme === 'light' || raw.theme === 'dark') document.documentElement.dataset.theme = raw.theme;
    const s = raw.snapshot as { status?: unknown; deadlineAt?: unknown; pausedAt?: unknown } | undefined;
    if (!s || (s.status !== 'active' && s.status !== 'paused') || typeof s.deadlineAt !== 'number') return;
    const pausedAt = typeof s.pausedAt === 'number' ? s.pausedAt : undefined;
    const app = document.getElementById('app');
    if (!app || app.childElementCount > 0) return;
    // The popup's stylesheet loads with the app, after this paint: the few styles this paint
    // needs are set here, matching popup.css and the light or dark tokens.
    const dark = raw.theme === 'dark' || (raw.theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
    Object.assign(document.body.style, {
      margin: '0',
      width: '320px',
      background: dark ? '#14171c' : '#f6f7f9',
      color: dark ? '#e6e9ef' : '#1d2330',
      font: "14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    });
    const shell = document.createElement('div');
    shell.className = 'popup';
    Object.assign(shell.style, { padding: '14px 16px', display: 'grid', gap: '8px' });
    const header = document.createElement('header');
    header.style.fontWeight = '600';
    const logo = document.createElement('span');
    logo.textContent = '◷';
    logo.style.color = dark ? '#6d8cff' : '#3355d1';
    header.append(logo, ' SessionPilot');
    const time = document.createElement('p');
    time.className = `time-left${pausedAt !== undefined ? ' paused' : ''}`;
    Object.assign(time.style, { margin: '0', fontSize: '42px', fontWeight: '700', fontVariantNumeric: 'tabular-nums', letterSpacing: '1px', lineHeight: '1.1' });
    if (pausedAt !== undefined) time.style.color = dark ? '#9aa3b2' : '#5d6677';
    time.textContent = formatCountdown(remainingMs({ deadlineAt: s.deadlineAt, pausedAt }, Date.now()));
    shell.append(header, time);
    app.append(shell);
    performance.mark('sessionpilot:first-render');
  });
});
