import { browser } from 'wxt/browser';

/** The toolbar popup: no session machinery yet (the companion-link issue adds the countdown). */
export function Popup() {
  return (
    <div class="popup">
      <header>
        <span class="logo" aria-hidden="true">◷</span> SessionPilot
      </header>
      <p class="idle">No session running.</p>
      <button type="button" class="primary" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') }).then(() => window.close())}>
        Open dashboard
      </button>
    </div>
  );
}
