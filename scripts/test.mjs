// `npm test`: type-check, unit tests, both browser builds, the Firefox lint, then e2e in real
// Chromium. Prints one closing line "Tests: N passed, N failed" and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reports = mkdtempSync(join(tmpdir(), 'sp-test-'));
const totals = { passed: 0, failed: 0 };
const failures = [];

function run(label, cmd, args, { env } = {}) {
  process.stdout.write(`\n▶ ${label}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  process.stdout.write(`${ok ? '✔' : '✖'} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  if (!ok) failures.push(label);
  return ok;
}

function vitest(label, args) {
  const out = join(reports, `${label.replace(/\W+/g, '-')}.json`);
  const ran = run(label, 'npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  try {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests + (report.numTotalTests === 0 ? 1 : 0);
    if (report.numPendingTests || report.numTodoTests) {
      failures.push(`${label}: ${report.numPendingTests + report.numTodoTests} skipped or todo tests`);
    }
  } catch {
    if (ran) failures.push(`${label}: no report written`);
    totals.failed += 1;
  }
}

run('type-check shared/ (no DOM, no Node)', 'npx', ['tsc', '-p', 'shared/tsconfig.json']);
run('type-check everything', 'npx', ['tsc', '-p', 'tsconfig.json']);
vitest('unit tests', []);
const built = run('build Chrome MV3', 'npx', ['wxt', 'build']);
run('build Firefox', 'npx', ['wxt', 'build', '-b', 'firefox']);
run('lint the Firefox build (web-ext)', 'node', ['scripts/lint-firefox.mjs']);
if (built) vitest('e2e in Chromium', ['-c', 'vitest.e2e.config.ts']);
else failures.push('e2e not run: the Chrome build failed');

rmSync(reports, { recursive: true, force: true });
if (failures.length) process.stdout.write(`\nFailed steps:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
process.stdout.write(`\nTests: ${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(failures.length || totals.failed ? 1 : 0);
