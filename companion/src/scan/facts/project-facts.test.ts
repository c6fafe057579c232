import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectFactsSchema } from '../../../../shared/domain/scan';
import { projectFacts } from './project-facts';

let base: string;
let counter = 0;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sp-facts-test-')));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

/** A fresh project folder holding these files. */
function project(files: Record<string, string>): string {
  const root = join(base, `p${counter++}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('projectFacts', () => {
  it('describes a pnpm TypeScript project from the disk', () => {
    const root = project({
      'package.json': JSON.stringify({ scripts: { test: 'vitest run' } }),
      'pnpm-lock.yaml': 'lockfileVersion: 9\n'.repeat(100),
      'src/a.ts': 'x'.repeat(600),
      'src/b.tsx': 'x'.repeat(200),
      'README.md': 'x'.repeat(100),
      'logo.png': 'x'.repeat(5000),
    });
    symlinkSync(join(root, 'src/a.ts'), join(root, 'src/link.ts'));
    const files = ['README.md', 'logo.png', 'package.json', 'pnpm-lock.yaml', 'src/a.ts', 'src/b.tsx', 'src/link.ts', 'src/gone.ts'];
    const facts = projectFacts(root, files);

    expect(ProjectFactsSchema.parse(facts)).toEqual(facts);
    expect(facts.packageManager).toBe('pnpm');
    expect(facts.testCommand).toBe('pnpm test');
    // The symlink and the vanished file are not counted; the lockfile counts in bytes but has no language.
    expect(facts.files).toBe(6);
    const packageJsonBytes = JSON.stringify({ scripts: { test: 'vitest run' } }).length;
    expect(facts.bytes).toBe(600 + 200 + 100 + 5000 + 1900 + packageJsonBytes);
    expect(facts.languages.map((l) => [l.language, l.files, l.bytes])).toEqual([
      ['TypeScript', 2, 800],
      ['Markdown', 1, 100],
      ['JSON', 1, packageJsonBytes],
    ]);
    expect(facts.languages.reduce((sum, l) => sum + l.share, 0)).toBeCloseTo(1, 2);
  });

  it('counts exactly the given sizes without touching the files', () => {
    const files = ['go.mod', 'main.go', 'pkg/util.go', 'docs/intro.md'];
    const sizes = new Map([
      ['go.mod', 50],
      ['main.go', 700],
      ['pkg/util.go', 300],
    ]);
    const facts = projectFacts(join(base, 'does-not-exist'), files, sizes);
    expect(facts).toEqual({
      languages: [{ language: 'Go', files: 2, bytes: 1000, share: 1 }],
      packageManager: 'go',
      testCommand: 'go test ./...',
      files: 3,
      bytes: 1050,
    });
  });

  it('does not read a root manifest through a symlink', () => {
    const outside = project({ 'package.json': JSON.stringify({ scripts: { test: 'jest' } }) });
    const root = project({ 'yarn.lock': '' });
    symlinkSync(join(outside, 'package.json'), join(root, 'package.json'));
    const facts = projectFacts(root, ['package.json', 'yarn.lock']);
    expect(facts.packageManager).toBe('yarn');
    expect(facts.testCommand).toBeNull();
  });

  it('survives broken manifests', () => {
    const root = project({
      'package.json': '{"scripts": {"test": ',
      'Makefile': 'test:\n\t./run\n',
      'pyproject.toml': '[[[',
    });
    const facts = projectFacts(root, ['Makefile', 'package.json', 'pyproject.toml']);
    expect(facts.packageManager).toBe('pip');
    expect(facts.testCommand).toBe('make test');
  });

  it('gives empty facts for no files', () => {
    expect(projectFacts(base, [])).toEqual({ languages: [], packageManager: null, testCommand: null, files: 0, bytes: 0 });
  });
});
