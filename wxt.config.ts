import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// One config for Chrome (MV3) and Firefox (MV2 by default); `wxt build -b firefox`.
export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  // Dev mode must not try to download or launch a browser of its own (no internet here).
  webExt: { disabled: true },
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: 'SessionPilot',
    description: 'Focused, time-boxed coding sessions planned from your repo.',
    permissions: [
      'alarms',
      'notifications',
      'storage',
      'unlimitedStorage',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    // Loopback: the companion (and a local API proxy). Anthropic and GitHub: the user's own key and token, from the background only.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*', 'https://api.anthropic.com/*', 'https://api.github.com/*'],
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    action: { default_title: 'SessionPilot' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: {
              id: 'sessionpilot@sessionpilot.dev',
              strict_min_version: '142.0',
              // Nothing leaves the machine except calls the user configures (Claude, GitHub).
              data_collection_permissions: { required: ['none'] },
            }, } }
      : {}),
  }),
});
