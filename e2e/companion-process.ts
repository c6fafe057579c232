import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('companion/dist/sessionpilot.js');

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}

/** Runs the real CLI with its own SESSIONPILOT_HOME. */
export class CompanionProcess {
  readonly home = mkdtempSync(join(tmpdir(), 'sp-e2e-home-'));
  private child: ChildProcess | null = null;
  output = '';

  constructor(readonly port: number) {}

  /** Agent logs live under the test's home, so a developer's real Claude Code / Codex logs never leak in. */
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, SESSIONPILOT_HOME: this.home, CLAUDE_CONFIG_DIR: join(this.home, 'claude'), CODEX_HOME: join(this.home, 'codex') };
  }

  cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [BIN, ...args], { env: this.env, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(this.port)], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (d) => (this.output += String(d)));
    child.stderr!.on('data', (d) => (this.output += String(d)));
    const deadline = Date.now() + 10_000;
    while (!this.output.includes('listening on')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`companion did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill('SIGTERM');
    });
    this.child = null;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.home, { recursive: true, force: true });
  }
}
