// Scan benchmark: the CLI bin run directly vs `git grep` on the same repo, interleaved, medians.
// Usage: node bench/make-corpus.mjs large && node bench/scan-bench.mjs [bench/corpus/large] [runs]
// SCAN_BENCH_BIN=<path> times another build of the bin (e.g. one that `npm run prepare` in a shared
// checkout cannot replace mid-run).
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebSocket } from 'ws';

const repo = resolve(process.argv[2] ?? 'bench/corpus/large');
const runs = Number(process.argv[3] ?? 7);
const bin = resolve(process.env.SCAN_BENCH_BIN ?? 'companion/dist/sessionpilot.js');
const WORDS = '\\b(TODO|FIXME|HACK|XXX|BUG)\\b';

function time(cmd, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: repo, env: { ...process.env, ...env }, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !(cmd === 'git' && r.status === 1)) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const freshHome = () => mkdtempSync(join(tmpdir(), 'sp-bench-home-'));

const gitGrep = () => time('git', ['grep', '-n', '-I', '-E', WORDS]);
const ours = (home, extra = []) => time(process.execPath, [bin, 'scan', repo, '--json', ...extra], { SESSIONPILOT_HOME: home });

// Warm the OS page cache, and check that the hits agree.
const gg = gitGrep();
const warmHome = freshHome();
const first = JSON.parse(ours(warmHome, ['--no-git', '--tests', 'off']).stdout);
const gitHits = new Set(gg.stdout.split('\n').filter(Boolean).map((l) => l.split(':', 2).join(':')));
const ourHits = new Set(first.markers.map((m) => `${m.file}:${m.line}`));
const missing = [...gitHits].filter((h) => !ourHits.has(h));
const extra = [...ourHits].filter((h) => !gitHits.has(h));

const t = { gitGrep: [], markersFirst: [], fullFirst: [], markersRescan: [], fullRescan: [] };
const fullHome = freshHome();
ours(fullHome); // prime the full-scan cache
for (let i = 0; i < runs; i++) {
  t.gitGrep.push(gitGrep().ms);
  const h1 = freshHome();
  t.markersFirst.push(ours(h1, ['--no-git', '--tests', 'off']).ms);
  rmSync(h1, { recursive: true, force: true });
  const h2 = freshHome();
  t.fullFirst.push(ours(h2).ms);
  rmSync(h2, { recursive: true, force: true });
  t.markersRescan.push(ours(warmHome, ['--no-git', '--tests', 'off']).ms);
  t.fullRescan.push(ours(fullHome).ms);
}

// Inside the running companion: a real `serve`, paired through its state files, asked over the socket.
async function companionRescan() {
  const home = freshHome();
  const port = 40000 + Math.floor(Math.random() * 20000);
  spawnSync(process.execPath, [bin, 'roots', 'add', repo], { env: { ...process.env, SESSIONPILOT_HOME: home } });
  const secret = randomBytes(32).toString('hex');
  const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(home, 'pairing.json'), JSON.stringify({ secret, origin, pairedAt: Date.now() }), { mode: 0o600 });
  const server = spawn(process.execPath, [bin, 'serve', '--port', String(port)], { env: { ...process.env, SESSIONPILOT_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => server.stdout.on('data', (d) => String(d).includes('listening') && r()));
  const nonce = randomBytes(16).toString('hex');
  const ts = Date.now();
  const proof = createHmac('sha256', secret).update(`sessionpilot/auth|${origin}|${ts}|${nonce}`).digest('hex');
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, ['sessionpilot', `sp-auth.${ts}.${nonce}.${proof}`], { origin });
  const replies = new Map();
  ws.on('message', (d) => {
    const f = JSON.parse(String(d));
    if (f.type === 'reply') replies.get(f.id)?.(f);
  });
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'hello', protocol: 1, app: 'bench', version: '1' }));
  let n = 0;
  const request = (method, params) =>
    new Promise((r) => {
      const id = `b${++n}`;
      const t0 = performance.now();
      replies.set(id, (f) => r({ ms: performance.now() - t0, f }));
      ws.send(JSON.stringify({ type: 'request', id, method, params }));
    });
  const firstInside = await request('scan', { path: repo });
  const again = [];
  for (let i = 0; i < runs; i++) again.push((await request('scan', { path: repo })).ms);
  const pings = [];
  for (let i = 0; i < 200; i++) pings.push((await request('ping', {})).ms);
  ws.close();
  server.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
  pings.sort((a, b) => a - b);
  return { first: firstInside.ms, rescan: median(again), pingP99: pings[Math.floor(pings.length * 0.99) - 1] };
}
const inside = await companionRescan();

const g = median(t.gitGrep);
const row = (name, ms, budget) => `${name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / g).toFixed(2)}× git grep${budget ? `  (budget ${budget})` : ''}`;
const files = spawnSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout.split('\0').length - 1;
console.log(`repo: ${repo} (${files} files), ${runs} interleaved runs, medians`);
console.log(row('git grep -n -I -E (TODO|FIXME|HACK|XXX|BUG)', g));
console.log(row('scan --no-git --tests off, first run', median(t.markersFirst), '≤ 1.2×'));
console.log(row('scan (full), first run', median(t.fullFirst), '≤ 1.5×'));
console.log(`${'scan --no-git --tests off, unchanged re-scan'.padEnd(44)} ${median(t.markersRescan).toFixed(0).padStart(6)} ms  ${(median(t.markersRescan) / median(t.markersFirst)).toFixed(2)}× its first run  (budget ≤ 0.3×)`);
console.log(`${'scan (full), unchanged re-scan'.padEnd(44)} ${median(t.fullRescan).toFixed(0).padStart(6)} ms  ${(median(t.fullRescan) / median(t.fullFirst)).toFixed(2)}× its first run  (budget ≤ 0.3×)`);
console.log(`${'in the running companion: first scan'.padEnd(44)} ${inside.first.toFixed(0).padStart(6)} ms`);
console.log(`${'in the running companion: unchanged re-scan'.padEnd(44)} ${inside.rescan.toFixed(0).padStart(6)} ms  (budget ≤ 50 ms)`);
console.log(`${'loopback ping p99'.padEnd(44)} ${inside.pingP99.toFixed(2).padStart(6)} ms  (budget ≤ 5 ms)`);
console.log(`hits: git grep ${gitHits.size}, ours ${ourHits.size}, missing ${missing.length}, extra ${extra.length}${missing.length + extra.length ? ` e.g. ${[...missing, ...extra].slice(0, 5).join(', ')}` : ''}`);
rmSync(warmHome, { recursive: true, force: true });
rmSync(fullHome, { recursive: true, force: true });
process.exit(missing.length || extra.length ? 1 : 0);
