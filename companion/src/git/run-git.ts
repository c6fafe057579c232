import { spawn } from 'node:child_process';
import { fail, ok, type Result } from '../../../shared/result';
import { timed } from '../scan/scan-timing';

export type GitFailureCode = 'git_missing' | 'git_failed' | 'git_timeout' | 'git_output_too_large' | 'bad_argument' | 'git_cancelled';

export interface RunGitOptions {
  cwd: string;
  /** Written to git's stdin, then closed. */
  input?: string | Buffer;
  timeoutMs?: number;
  /** Stops git (and resolves with `git_cancelled`) when aborted. */
  signal?: AbortSignal;
  /** Exit codes that mean success (git grep exits 1 when nothing matched). */
  okExitCodes?: readonly number[];
  maxOutputBytes?: number;
  /** Extra `-c` overrides computed for this repo (filter drivers, see hostileConfigOverrides). */
  extraConfig?: readonly string[];
  /** Sees each piece of output as it arrives (the whole output is still the result). */
  onStdout?: (chunk: Buffer) => void;
}

/**
 * Overrides for repo config that could make git run a command of the repo's choosing.
 * Filter drivers are per-name and added by `filterDriverOverrides`.
 */
export const HOSTILE_CONFIG_OVERRIDES: readonly string[] = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.editor=true',
  'core.sshCommand=false',
  'core.gitProxy=',
  'core.askPass=',
  'credential.helper=',
  'diff.external=',
  'log.showSignature=false',
  'gpg.program=false',
  'protocol.allow=never',
  'safe.bareRepository=explicit',
  'status.showUntrackedFiles=normal',
  'submodule.recurse=false',
];

/** Only these variables reach git; inherited GIT_* variables (GIT_DIR, GIT_CONFIG_*…) never do. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
  };
  if (process.env.HOME) env.HOME = process.env.HOME;
  if (process.platform === 'win32' && process.env.SYSTEMROOT) env.SYSTEMROOT = process.env.SYSTEMROOT;
  return env;
}

/** Arguments that start with `-` where a ref or path is expected would be read as options. */
export function isSafeOperand(value: string): boolean {
  return value.length > 0 && !value.startsWith('-') && !value.includes('\0');
}

/** Runs git with an argument array (never a shell), the overrides above, a timeout and an output cap. */
export function runGit(args: readonly string[], options: RunGitOptions): Promise<Result<Buffer, GitFailureCode>> {
  return timed(`git ${args.slice(0, 3).join(' ')}`, spawnGit(args, options));
}

function spawnGit(args: readonly string[], options: RunGitOptions): Promise<Result<Buffer, GitFailureCode>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxOutput = options.maxOutputBytes ?? 256 * 1024 * 1024;
  const config = [...HOSTILE_CONFIG_OVERRIDES, ...(options.extraConfig ?? [])].flatMap((c) => ['-c', c]);
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn('git', ['--no-pager', ...config, ...args], {
        cwd: options.cwd,
        env: cleanEnv(),
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch {
      resolve(fail('git_missing', 'git could not be started; is it installed and on PATH?'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let settled = false;
    const finish = (result: Result<Buffer, GitFailureCode>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      finish(fail('git_cancelled', `git ${args[0] ?? ''} was stopped.`));
    };
    if (options.signal?.aborted) queueMicrotask(onAbort);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(fail('git_timeout', `git ${args[0] ?? ''} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutput) {
        child.kill('SIGKILL');
        finish(fail('git_output_too_large', `git ${args[0] ?? ''} printed more than ${maxOutput} bytes and was stopped.`));
        return;
      }
      chunks.push(chunk);
      options.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish(
        fail(
          err.code === 'ENOENT' ? 'git_missing' : 'git_failed',
          err.code === 'ENOENT' ? 'git is not installed or not on PATH.' : `git could not run: ${err.message}`,
        ),
      );
    });
    child.on('close', (code) => {
      if (code === 0 || (code !== null && options.okExitCodes?.includes(code))) finish(ok(Buffer.concat(chunks, size)));
      else finish(fail('git_failed', (stderr.trim().split('\n')[0] ?? '') || `git ${args[0] ?? ''} exited with ${code}.`));
    });
    child.stdin.on('error', () => {
      /* git may exit before reading all input; the close handler reports the outcome. */
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/**
 * Every configured filter driver gets empty clean/smudge/process commands, so commands that read
 * the working tree (status, diff) never run a driver the repo configured. Reading config runs nothing.
 * Null when some driver cannot be overridden: `-c` splits at the first `=`, so a driver named
 * `a=b` is out of its reach and the caller must not run a command that could invoke it.
 */
export function filterDriverOverrides(cwd: string): Promise<string[] | null> {
  // One scan asks several times within milliseconds; config read a second ago is still the config.
  const now = Date.now();
  const hit = recentOverrides.get(cwd);
  if (hit && now - hit.at < 1_000) return hit.value;
  const value = readFilterDriverOverrides(cwd);
  recentOverrides.set(cwd, { at: now, value });
  if (recentOverrides.size > 64) recentOverrides.delete(recentOverrides.keys().next().value!);
  return value;
}

const recentOverrides = new Map<string, { at: number; value: Promise<string[] | null> }>();

async function readFilterDriverOverrides(cwd: string): Promise<string[] | null> {
  const listed = await runGit(['config', '--null', '--get-regexp', '^filter\\.'], { cwd, timeoutMs: 10_000 });
  if (!listed.ok) return [];
  const names = new Set<string>();
  for (const entry of listed.value.toString('utf8').split('\0')) {
    const key = entry.split('\n', 1)[0] ?? '';
    const m = /^filter\.(.+)\.[^.]+$/.exec(key);
    if (m?.[1]) names.add(m[1]);
  }
  if ([...names].some((name) => name.includes('='))) return null;
  return [...names].flatMap((name) => [
    `filter.${name}.clean=`,
    `filter.${name}.smudge=`,
    `filter.${name}.process=`,
    `filter.${name}.required=false`,
  ]);
}
