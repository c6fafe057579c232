// Lints the Firefox build with web-ext (addons-linter). Errors fail; warnings are listed.
import { spawnSync } from 'node:child_process';

const r = spawnSync('npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2', '--self-hosted', '--output', 'json'], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  process.stderr.write(`web-ext lint did not produce a report:\n${r.stderr}\n`);
  process.exit(1);
}
for (const kind of ['errors', 'warnings', 'notices']) {
  for (const m of report[kind]) process.stdout.write(`  ${kind.slice(0, -1)}: ${m.code} ${m.file ?? ''} ${m.message}\n`);
}
const { errors, warnings, notices } = report.summary;
process.stdout.write(`web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices\n`);
process.exit(errors > 0 ? 1 : 0);
