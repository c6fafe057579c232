import { spawn } from 'node:child_process';
import type { TestState } from '../../../shared/domain/scan';
import { redactSecrets } from '../../../shared/text/redact';
import { fail, ok, type Result } from '../../../shared/result';
import type { TestCommand } from '../home/companion-state';
import { listGitFiles } from '../scan/git-file-set';
import { readFailingTests } from '../scan/test-reports/read-failing-tests';
import { walkFiles } from '../scan/walk-file-set';

export interface TestRunResult {
  exitCode: number | null;
  durationMs: number;
  timedOut: boolean;
  /** The last lines the command printed, secrets redacted. */
  outputTail: string;
  tests: TestState;
}

const TAIL_LINES = 40;
const MAX_OUTPUT_KEPT = 256 * 1024;

/**
 * Runs a workspace's locally configured test command: an argument array (no shell), in the root,
 * with a timeout, progress (lines printed) and cancel; then reads the reports it left behind.
 */
export async function runTestCommand(
  root: string,
  command: TestCommand,
  options: { signal?: AbortSignal; onProgress?: (lines: number, last: string) => void } = {},
): Promise<Result<TestRunResult, 'cancelled' | 'not_started'>> {
  const started = Date.now();
  const [program, ...args] = command.argv;
  let child;
  try {
    // detached: the command gets its own process group, so a cancel stops its children too.
    child = spawn(program!, args, { cwd: root, shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  } catch (err) {
    return fail('not_started', `The test command could not start: ${(err as Error).message}`);
  }
  let output = '';
  let lines = 0;
  const take = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-MAX_OUTPUT_KEPT);
    lines += text.split('\n').length - 1;
    const last = output.trimEnd().split('\n').pop() ?? '';
    options.onProgress?.(lines, redactSecrets(last).slice(0, 300));
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, command.timeoutSeconds * 1000);
  options.signal?.addEventListener('abort', killGroup, { once: true });
  const outcome = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  });
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', killGroup);
  if (outcome.error) return fail('not_started', `The test command could not start: ${outcome.error.message}`);
  if (options.signal?.aborted) return fail('cancelled', 'The test run was cancelled.');
  const gitFiles = await listGitFiles(root);
  const tests = await readFailingTests(root, gitFiles ? gitFiles.files : walkFiles(root), { now: Date.now(), newestSourceMtime: started });
  return ok({
    exitCode: outcome.code,
    durationMs: Date.now() - started,
    timedOut,
    outputTail: redactSecrets(output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n')),
    tests,
  });
}
