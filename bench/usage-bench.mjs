// Usage-import benchmark: our bin run directly vs ccusage 20.0.24's native binary vs ccusage 18.0.11
// (its last TypeScript release) on the same corpus in one run; medians of interleaved runs, and
// our peak memory. ccusage 18 is installed on first use into bench/corpus/tools (git-ignored).
// Usage: node bench/make-usage-corpus.mjs && npm run prepare && node bench/usage-bench.mjs [corpus] [runs]
// Memory at twice the size: node bench/make-usage-corpus.mjs --out bench/corpus/usage-2g --mb 2000 --seed 2 && node bench/usage-bench.mjs bench/corpus/usage-2g 3
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const corpus = resolve(process.argv[2] ?? 'bench/corpus/usage');
const runs = Number(process.argv[3] ?? 5);
const bin = resolve('companion/dist/sessionpilot.js');
if (!existsSync(join(corpus, 'claude', 'projects'))) {
  console.error(`no corpus at ${corpus}; run: node bench/make-usage-corpus.mjs`);
  process.exit(1);
}
if (!existsSync(bin)) {
  console.error('no built bin; run: npm run prepare');
  process.exit(1);
}

// ccusage 20.0.24's linux-x64 native binary (a devDependency); its JS wrapper would add a Node start.
const require = createRequire(resolve('package.json'));
let cc20;
try {
  cc20 = join(require.resolve('@ccusage/ccusage-linux-x64/package.json'), '..', 'bin', 'ccusage');
  chmodSync(cc20, 0o755);
} catch {
  console.error('ccusage 20.0.24 native binary not found (npm install; linux-x64 only)');
  process.exit(1);
}
const tools = resolve('bench/corpus/tools');
const cc18 = join(tools, 'node_modules', 'ccusage', 'dist', 'index.js');
if (!existsSync(cc18)) {
  mkdirSync(tools, { recursive: true });
  console.error('installing ccusage@18.0.11 into bench/corpus/tools…');
  const r = spawnSync('npm', ['install', '--prefix', tools, '--no-save', '--no-audit', '--no-fund', 'ccusage@18.0.11'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}

const fakeHome = mkdtempSync(join(tmpdir(), 'sp-bench-home-'));
const baseEnv = { PATH: process.env.PATH, HOME: fakeHome, TZ: 'UTC', CLAUDE_CONFIG_DIR: join(corpus, 'claude'), CODEX_HOME: join(corpus, 'codex') };
const hasTime = existsSync('/usr/bin/time');

/** Runs a command; wall time in ms and, with /usr/bin/time, peak RSS in MB. */
function run(cmd, args, env = {}) {
  const full = hasTime ? ['/usr/bin/time', ['-f', 'SP_MAXRSS_KB=%M', cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full[1], { env: { ...baseEnv, ...env }, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rss = /SP_MAXRSS_KB=(\d+)/.exec(r.stderr);
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : NaN, stdout: r.stdout };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ours = (home) => run(process.execPath, [bin, 'usage', '--json'], { SESSIONPILOT_HOME: home });
const fresh = () => mkdtempSync(join(tmpdir(), 'sp-bench-sp-'));

// Corpus size.
let files = 0;
let bytes = 0;
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.jsonl')) {
      files++;
      bytes += statSync(p).size;
    }
  }
};
walk(corpus);

// Warm the page cache, and check that the days agree with ccusage 20.
const theirs = JSON.parse(run(cc20, ['daily', '--json', '--offline']).stdout).daily;
const primed = fresh();
const mine = JSON.parse(ours(primed).stdout).daily;
const key = (d) => [d.period ?? d.date, d.inputTokens, d.outputTokens, d.cacheCreationTokens, d.cacheReadTokens, d.totalTokens].join(' ');
const mismatched = theirs.length !== mine.length || theirs.some((d, i) => key(d) !== key(mine[i]));

const t = { cold: [], rss: [], warm: [], warmRss: [], cc20: [] };
for (let i = 0; i < runs; i++) {
  const h = fresh();
  const c = ours(h);
  t.cold.push(c.ms);
  t.rss.push(c.rssMb);
  rmSync(h, { recursive: true, force: true });
  const w = ours(primed);
  t.warm.push(w.ms);
  t.warmRss.push(w.rssMb);
  t.cc20.push(run(cc20, ['daily', '--json', '--offline']).ms);
}
console.error('running ccusage 18 once (slow)…');
const cc18run = run(process.execPath, [cc18, 'daily', '--json', '--offline']);

const cold = median(t.cold);
const warm = median(t.warm);
const c20 = median(t.cc20);
const c18 = cc18run.ms;
const line = (name, ms, note = '') => console.log(`${name.padEnd(40)} ${ms.toFixed(0).padStart(7)} ms  ${note}`);
console.log(`corpus: ${corpus}: ${files} files, ${(bytes / 1e6).toFixed(0)} MB; ${runs} interleaved runs, medians; TZ=UTC`);
line('ccusage 20.0.24 native binary', c20);
line('ccusage 18.0.11 (TypeScript, one run)', c18, '(reads Claude logs only)');
line('sessionpilot usage, cold', cold, `${(cold / c20).toFixed(2)}× ccusage 20 (budget ≤ 1.5×), ${(c18 / cold).toFixed(1)}× faster than ccusage 18 (budget ≥ 10×)`);
line('sessionpilot usage, unchanged re-import', warm, `${(warm / c20).toFixed(2)}× ccusage 20 (budget ≤ 0.2×)`);
console.log(`${'peak RSS, cold / re-import'.padEnd(40)} ${Math.max(...t.rss).toFixed(0).padStart(7)} MB / ${Math.max(...t.warmRss).toFixed(0)} MB  (budget ≤ 250 MB)${hasTime ? '' : ' (no /usr/bin/time: not measured)'}`);
console.log(`days: ccusage 20 ${theirs.length}, ours ${mine.length}, token totals ${mismatched ? 'DIFFER' : 'equal'}`);
rmSync(primed, { recursive: true, force: true });
rmSync(fakeHome, { recursive: true, force: true });
process.exit(mismatched ? 1 : 0);
