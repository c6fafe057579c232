import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** All companion and CLI state lives here: SESSIONPILOT_HOME, else the user's config dir. */
export function sessionpilotHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SESSIONPILOT_HOME) return env.SESSIONPILOT_HOME;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'sessionpilot');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'sessionpilot');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'sessionpilot');
}

/** Creates the home folder readable only by its owner. */
export function ensureHome(home: string): string {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  try {
    chmodSync(home, 0o700);
  } catch {
    /* not ours to change (e.g. a shared test dir); files inside are still 0600 */
  }
  return home;
}
