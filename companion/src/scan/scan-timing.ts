/** Set SESSIONPILOT_SCAN_TIMING=1 to print when each scan phase ends (ms since the process started) on stderr. */
const enabled = typeof process !== 'undefined' && process.env.SESSIONPILOT_SCAN_TIMING === '1';

export function scanPhase(name: string): void {
  if (enabled) process.stderr.write(`[scan ${performance.now().toFixed(1).padStart(7)} ms] ${name}\n`);
}

/** Logs a promise's start and end under `name` (a git command, a read) when timing is on. */
export function timed<T>(name: string, work: Promise<T>): Promise<T> {
  if (!enabled) return work;
  const start = performance.now();
  return work.then((value) => {
    scanPhase(`${name} (${(performance.now() - start).toFixed(1)} ms)`);
    return value;
  });
}
