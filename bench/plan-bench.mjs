// Offline planner benchmark: 5,000 signals (markers, failing tests, GitHub items, backlog) with a
// goal and a calibration history, planned in-process. Budget (DESIGN.md): ≤ 50 ms.
// Usage: node bench/plan-bench.mjs [signals] [runs]
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const count = Number(process.argv[2] ?? 5000);
const runs = Number(process.argv[3] ?? 41);
const dir = mkdtempSync(join(tmpdir(), 'sp-plan-bench-'));
const out = join(dir, 'planner.mjs');
await build({ entryPoints: ['shared/planner/offline-planner.ts'], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
const { planOffline } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });

// A deterministic corpus shaped like a big repo's signals.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const WORDS = ['cart', 'login', 'export', 'csv', 'parser', 'cache', 'retry', 'token', 'session', 'render', 'queue', 'config', 'upload', 'search'];
const words = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
const now = Date.UTC(2026, 10, 22);
const signals = [];
for (let i = 0; signals.length < count; i++) {
  const r = rand();
  if (r < 0.8) {
    const tag = pick(['TODO', 'TODO', 'FIXME', 'HACK', 'XXX', 'BUG']);
    const file = `src/${pick(WORDS)}/${pick(WORDS)}-${Math.floor(rand() * 400)}.ts`;
    const line = 1 + Math.floor(rand() * 2000);
    signals.push({ id: `marker:${file}:${line}:${i}`, kind: 'marker', file, line, tag, text: `// ${tag}: ${words(6)}${rand() < 0.05 ? ` (#${1 + Math.floor(rand() * 300)})` : ''}` });
  } else if (r < 0.88) {
    signals.push({ id: `test:t${i}`, kind: 'failing_test', name: `${words(3)} case ${i}`, file: `test/${pick(WORDS)}.test.ts`, message: 'expected 1 to be 2', reportedAt: now - Math.floor(rand() * 20 * 86_400_000) });
  } else if (r < 0.97) {
    const pr = rand() < 0.4;
    const n = 1 + Math.floor(rand() * 300);
    signals.push({ id: `${pr ? 'gh-pr' : 'gh-issue'}:acme/app#${n}:${i}`, kind: pr ? 'github_pr' : 'github_issue', number: n, title: words(7), url: `https://github.com/acme/app/issues/${n}`, labels: [pick(['bug', 'enhancement', 'refactor', 'docs'])], assignedToMe: rand() < 0.2, reviewRequested: pr && rand() < 0.3, authoredByMe: pr && rand() < 0.3, checks: pick(['failing', 'pending', 'passing']), updatedAt: now - Math.floor(rand() * 60 * 86_400_000) });
  } else {
    signals.push({ id: `backlog:${i}`, kind: 'backlog', title: words(5), addedAt: now - 86_400_000 });
  }
}
const history = Array.from({ length: 1000 }, (_, i) => ({ category: pick(['bug', 'feature', 'refactor', 'other']), kind: pick(['marker', 'failing_test', 'github_issue', 'goal']), estimateMinutes: 5 + Math.floor(rand() * 60), actualMinutes: 1 + Math.floor(rand() * 90), endedAt: i }));
const input = { signals, goal: 'Make the csv export retry uploads and fix the cart session cache', budgetMinutes: 240, focus: { bugs: 1, features: 0.6, refactor: 0.3 }, history, now };

for (let i = 0; i < 5; i++) planOffline(input); // warm the JIT
const times = [];
let plan;
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  plan = planOffline(input);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const p95 = times[Math.floor(times.length * 0.95)];
console.log(`signals: ${signals.length}, tasks planned: ${plan.tasks.length}, ${plan.totalMinutes} of ${input.budgetMinutes} min`);
console.log(`offline plan: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms over ${runs} runs (budget 50 ms: ${median <= 50 ? 'met' : 'MISSED'})`);
