import { formatCountdown, remainingMs } from '../../shared/clock/session-clock';
import { BOOT_KEYS, type PopupBoot } from '../lib/snapshot/popup-boot';

/**
 * A tiny classic script the popup loads before its app: it starts the one storage read at once
 * and paints the time left as soon as it arrives, while the app's modules are still loading. The
 * app then takes the same read (never a second one), parses it with the snapshot schema, and
 * replaces this paint in the same task. Only numbers are painted here, after a type check; text
 * from storage (task titles) waits for the app.
 */
export default defineUnlistedScript(() => {
  const boot = window as unknown as PopupBoot;
  boot.__sessionpilotBoot = new Promise((resolve) => chrome.storage.local.get([...BOOT_KEYS], (raw: Record<string, unknown>) => resolve(raw ?? {})));
  void boot.__sessionpilotBoot.then((raw) => {
    const s = raw.snapshot as { status?: unknown; deadlineAt?: unknown; pausedAt?: unknown } | undefined;
    if (!s || (s.status !== 'active' && s.status !== 'paused') || typeof s.deadlineAt !== 'number') return;
    const pausedAt = typeof s.pausedAt === 'number' ? s.pausedAt : undefined;
    const app = document.getElementById('app');
    if (!app || app.childElementCount > 0) return;
    const shell = document.createElement('div');
    shell.className = 'popup';
    const header = document.createElement('header');
    header.textContent = 'SessionPilot';
    const time = document.createElement('p');
    time.className = `time-left${pausedAt !== undefined ? ' paused' : ''}`;
    time.textContent = formatCountdown(remainingMs({ deadlineAt: s.deadlineAt, pausedAt }, Date.now()));
    shell.append(header, time);
    app.append(shell);
    performance.mark('sessionpilot:first-render');
  });
});
