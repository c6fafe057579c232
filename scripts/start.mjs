// `npm start`: build the extension, start the companion, and open Chromium with the extension
// loaded where a display exists (otherwise print how to load it by hand).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const extensionDir = resolve('.output/chrome-mv3');
const home = process.env.SESSIONPILOT_HOME || join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'sessionpilot');

console.log('Building the extension…');
const build = spawnSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('The extension build failed; see the errors above.');
  process.exit(1);
}
console.log(`Built: ${extensionDir}`);

const companion = spawn(process.execPath, ['companion/dist/sessionpilot.js', 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });

const browserPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  (p) => p && existsSync(p),
);
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform === 'darwin';
let browser;
if (browserPath && hasDisplay) {
  const profile = join(home, 'browser-profile');
  mkdirSync(profile, { recursive: true });
  console.log(`Opening ${browserPath} with SessionPilot loaded (profile: ${profile})…`);
  const args = [`--user-data-dir=${profile}`, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, '--no-first-run'];
  // Chromium refuses to run as root with its sandbox on (containers, CI boxes).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  browser = spawn(browserPath, [...args, 'https://github.com'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let browserErrors = '';
  browser.stderr.on('data', (d) => (browserErrors = (browserErrors + d).slice(-2000)));
  browser.on('error', () => console.error(`Could not start ${browserPath}; load the extension by hand: chrome://extensions → Load unpacked → ${extensionDir}`));
  browser.on('exit', (code) => {
    if (code) console.error(`${browserPath} stopped (exit ${code}); load the extension by hand: chrome://extensions → Load unpacked → ${extensionDir}\n${browserErrors.split('\n').filter((l) => /error|fatal/i.test(l)).slice(-3).join('\n')}`);
  });
} else {
  console.log(
    [
      '',
      'No display (or no Chromium) found, so no browser was opened. To load SessionPilot:',
      '  1. Open chrome://extensions in Chrome or Chromium and switch on "Developer mode".',
      `  2. Click "Load unpacked" and choose ${extensionDir}`,
      '  3. Click the SessionPilot toolbar icon, then "Open dashboard".',
      '',
    ].join('\n'),
  );
}

const stop = () => {
  companion.kill('SIGTERM');
  browser?.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
companion.on('exit', (code) => {
  browser?.kill('SIGTERM');
  process.exit(code ?? 0);
});
