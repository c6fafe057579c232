// Test helpers: a temporary SESSIONPILOT_HOME with agent logs from writeAgentFixtures.
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAgentFixtures, type AgentFixtureOptions, type AgentFixtures } from './agent-fixtures';

export interface FixtureHome {
  base: string;
  home: string;
  /** The allowed root (holds `cwd`). */
  root: string;
  cwd: string;
  outsideCwd: string;
  env: NodeJS.ProcessEnv;
  fx: AgentFixtures;
  dispose: () => void;
}

export function fixtureHome(options: Partial<AgentFixtureOptions> = {}): FixtureHome {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'sp-agents-')));
  const root = join(base, 'work');
  const cwd = join(root, 'shop');
  const outsideCwd = join(base, 'elsewhere');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(outsideCwd, { recursive: true });
  const claudeConfigDir = join(base, 'claude');
  const codexHome = join(base, 'codex');
  const fx = writeAgentFixtures({ claudeConfigDir, codexHome, cwd, outsideCwd, ...options });
  return {
    base,
    home: join(base, 'home'),
    root,
    cwd,
    outsideCwd,
    env: { CLAUDE_CONFIG_DIR: claudeConfigDir, CODEX_HOME: codexHome, HOME: base },
    fx,
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}
