// Bundles the companion CLI into one plain-JavaScript file (package.json "bin"), run by `prepare`.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['companion/src/bin.ts'],
  outfile: 'companion/dist/sessionpilot.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __spCreateRequire } from 'node:module';\nconst require = __spCreateRequire(import.meta.url);",
  },
  define: { __SESSIONPILOT_VERSION__: JSON.stringify(pkg.version) },
  // ws loads these optional native helpers only when present.
  external: ['bufferutil', 'utf-8-validate'],
  logLevel: 'warning',
});

// npm links the bins of dependencies, never the root package's own; link it so that
// `npx sessionpilot …` from the repo root runs this checkout's CLI without a registry lookup.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
chmodSync('companion/dist/sessionpilot.js', 0o755);
mkdirSync('node_modules/.bin', { recursive: true });
rmSync('node_modules/.bin/sessionpilot', { force: true });
symlinkSync('../../companion/dist/sessionpilot.js', 'node_modules/.bin/sessionpilot');
