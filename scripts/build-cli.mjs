// Bundles the companion CLI into plain JavaScript (package.json "bin" plus lazily loaded command
// chunks), run by `prepare`.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync('companion/dist', { recursive: true, force: true });
await build({
  entryPoints: {
    sessionpilot: 'companion/src/bin.ts',
    'scan-worker': 'companion/src/scan/scan-worker.ts',
    'usage-worker': 'companion/src/usage/usage-worker.ts',
  },
  outdir: 'companion/dist',
  // Commands load lazily (dynamic import), so each pays only for its own code.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __spCreateRequire } from 'node:module';\nconst require = __spCreateRequire(import.meta.url);",
  },
  define: {
    __SESSIONPILOT_VERSION__: JSON.stringify(pkg.version),
    // Scan code lands in chunks/; the worker entry sits beside the bin.
    __SCAN_WORKER_RELATIVE_URL__: JSON.stringify('../scan-worker.js'),
    __USAGE_WORKER_RELATIVE_URL__: JSON.stringify('../usage-worker.js'),
  },
  // ws loads these optional native helpers only when present.
  external: ['bufferutil', 'utf-8-validate'],
  logLevel: 'warning',
});

// npm links the bins of dependencies, never the root package's own; link it so that
// `npx sessionpilot …` from the repo root runs this checkout's CLI without a registry lookup.
chmodSync('companion/dist/sessionpilot.js', 0o755);
mkdirSync('node_modules/.bin', { recursive: true });
rmSync('node_modules/.bin/sessionpilot', { force: true });
symlinkSync('../../companion/dist/sessionpilot.js', 'node_modules/.bin/sessionpilot');
