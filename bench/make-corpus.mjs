// Builds the scan benchmark repos from real published source trees (npm pack), then git-inits them.
// Usage: node bench/make-corpus.mjs [large|many|medium]   → bench/corpus/<name>  (git-ignored)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SETS = {
  medium: ['lodash@4.17.21', 'rxjs@7.8.1', 'express@4.21.2'],
  // Many small source files: the per-file cost dominates, as in a typical large source repo.
  many: ['@mui/icons-material@9.5.0', '@aws-sdk/client-ec2@3.1169.0', '@typescript-eslint/eslint-plugin@8.73.0', 'webpack@5.112.2', 'lodash-es@4.18.1', 'date-fns@4.1.0', 'rxjs@7.8.1'],
  large: ['typescript@5.6.3', 'monaco-editor@0.52.0', 'date-fns@4.1.0', '@mui/material@6.1.6', 'rxjs@7.8.1', 'three@0.170.0', 'lodash@4.17.21', 'aws-sdk@2.1692.0', '@angular/core@19.0.0', 'eslint@9.14.0'],
};

const name = process.argv[2] ?? 'large';
const specs = SETS[name];
if (!specs) {
  console.error(`unknown corpus "${name}"; use ${Object.keys(SETS).join(', ')}`);
  process.exit(1);
}
const root = resolve('bench/corpus', name);
if (existsSync(join(root, '.git'))) {
  console.error(`${root} exists; delete it to rebuild`);
  process.exit(0);
}
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
const packs = resolve('bench/corpus/.packs');
mkdirSync(packs, { recursive: true });
for (const spec of specs) {
  const dir = join(root, spec.replace(/[@/]/g, '_').replace(/^_/, ''));
  mkdirSync(dir, { recursive: true });
  console.error(`packing ${spec}…`);
  const file = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', packs], { encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', join(packs, file), '-C', dir, '--strip-components=1']);
}
const git = (...args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: root, stdio: 'ignore' });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'corpus');
const count = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).split('\n').length - 1;
const size = execFileSync('du', ['-sh', '--exclude=.git', root], { encoding: 'utf8' }).split('\t')[0];
console.error(`${root}: ${count} files, ${size}`);
