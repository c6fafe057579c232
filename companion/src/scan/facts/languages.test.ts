import { describe, expect, it } from 'vitest';
import { languageOf, languageShares, LanguageTally } from './languages';

describe('languageOf', () => {
  it.each([
    ['src/app.ts', 'TypeScript'],
    ['src/view.tsx', 'TypeScript'],
    ['lib/x.mts', 'TypeScript'],
    ['lib/x.cts', 'TypeScript'],
    ['types/index.d.ts', 'TypeScript'],
    ['a.js', 'JavaScript'],
    ['a.jsx', 'JavaScript'],
    ['a.mjs', 'JavaScript'],
    ['a.cjs', 'JavaScript'],
    ['pkg/mod.py', 'Python'],
    ['main.go', 'Go'],
    ['src/lib.rs', 'Rust'],
    ['Main.java', 'Java'],
    ['App.kt', 'Kotlin'],
    ['build.gradle.kts', 'Kotlin'],
    ['x.c', 'C'],
    ['x.h', 'C'],
    ['x.cpp', 'C++'],
    ['x.hpp', 'C++'],
    ['x.c++', 'C++'],
    ['Program.cs', 'C#'],
    ['app.rb', 'Ruby'],
    ['index.php', 'PHP'],
    ['App.swift', 'Swift'],
    ['run.sh', 'Shell'],
    ['index.html', 'HTML'],
    ['site.css', 'CSS'],
    ['site.scss', 'SCSS'],
    ['README.md', 'Markdown'],
    ['package.json', 'JSON'],
    ['ci.yml', 'YAML'],
    ['ci.yaml', 'YAML'],
    ['Cargo.toml', 'TOML'],
    ['schema.sql', 'SQL'],
    ['main.dart', 'Dart'],
    ['A.scala', 'Scala'],
    ['mix.exs', 'Elixir'],
    ['Main.hs', 'Haskell'],
    ['init.lua', 'Lua'],
    ['plot.R', 'R'],
    ['App.vue', 'Vue'],
    ['App.svelte', 'Svelte'],
    ['script.ps1', 'PowerShell'],
    ['api.graphql', 'GraphQL'],
    ['msg.proto', 'Protocol Buffers'],
    ['main.tf', 'HCL'],
  ])('%s is %s', (path, language) => {
    expect(languageOf(path)).toBe(language);
  });

  it('matches extensions case-insensitively', () => {
    expect(languageOf('LEGACY/MAIN.PY')).toBe('Python');
    expect(languageOf('Docs/Guide.MD')).toBe('Markdown');
  });

  it.each([
    ['Dockerfile', 'Dockerfile'],
    ['deploy/Dockerfile', 'Dockerfile'],
    ['Dockerfile.dev', 'Dockerfile'],
    ['Containerfile', 'Dockerfile'],
    ['api.Dockerfile', 'Dockerfile'],
    ['Makefile', 'Makefile'],
    ['sub/GNUmakefile', 'Makefile'],
    ['rules.mk', 'Makefile'],
    ['CMakeLists.txt', 'CMake'],
    ['Gemfile', 'Ruby'],
    ['Rakefile', 'Ruby'],
    ['Jenkinsfile', 'Groovy'],
    ['.bashrc', 'Shell'],
  ])('knows the file name %s', (path, language) => {
    expect(languageOf(path)).toBe(language);
  });

  it.each([
    'LICENSE',
    'notes.txt',
    'logo.png',
    'a.out',
    '.env',
    'src/.gitignore',
    'archive.tar.gz',
    'file.',
    'weird.ext-ension',
    'a.verylongextension',
    'dir.d/noext',
    '',
  ])('has no language for %s', (path) => {
    expect(languageOf(path)).toBeNull();
  });

  it('leaves lockfiles and minified bundles out', () => {
    expect(languageOf('package-lock.json')).toBeNull();
    expect(languageOf('web/pnpm-lock.yaml')).toBeNull();
    expect(languageOf('dist/app.min.js')).toBeNull();
    expect(languageOf('dist/app.min.css')).toBeNull();
    expect(languageOf('dist/admin.js')).toBe('JavaScript');
    expect(languageOf('tsconfig.json')).toBe('JSON');
  });

  it('reads the extension from the file name, not a folder', () => {
    expect(languageOf('pkg.py/README')).toBeNull();
    expect(languageOf('src/.eslintrc.json')).toBe('JSON');
  });
});

describe('languageShares', () => {
  it('is empty for no files', () => {
    expect(languageShares([])).toEqual([]);
  });

  it('sums files and bytes per language, largest first', () => {
    const shares = languageShares([
      { path: 'a.ts', bytes: 300 },
      { path: 'b.ts', bytes: 300 },
      { path: 'c.py', bytes: 200 },
      { path: 'README.md', bytes: 200 },
    ]);
    expect(shares).toEqual([
      { language: 'TypeScript', files: 2, bytes: 600, share: 0.6 },
      { language: 'Markdown', files: 1, bytes: 200, share: 0.2 },
      { language: 'Python', files: 1, bytes: 200, share: 0.2 },
    ]);
  });

  it('shares are of known-language bytes only, rounded to 3 decimals', () => {
    const shares = languageShares([
      { path: 'a.ts', bytes: 1 },
      { path: 'b.py', bytes: 2 },
      { path: 'logo.png', bytes: 1_000_000 },
    ]);
    expect(shares.map((s) => [s.language, s.share])).toEqual([
      ['Python', 0.667],
      ['TypeScript', 0.333],
    ]);
  });

  it('breaks byte ties by file count, then by name', () => {
    const shares = languageShares([
      { path: 'a.go', bytes: 10 },
      { path: 'b.rs', bytes: 5 },
      { path: 'c.rs', bytes: 5 },
      { path: 'd.c', bytes: 10 },
    ]);
    expect(shares.map((s) => s.language)).toEqual(['Rust', 'C', 'Go']);
  });

  it('gives share 0 when every known file is empty', () => {
    expect(languageShares([{ path: 'a.ts', bytes: 0 }])).toEqual([{ language: 'TypeScript', files: 1, bytes: 0, share: 0 }]);
  });

  it('counts negative, fractional and non-finite sizes sanely', () => {
    const shares = languageShares([
      { path: 'a.ts', bytes: -5 },
      { path: 'b.ts', bytes: Number.NaN },
      { path: 'c.ts', bytes: 10.9 },
      { path: 'd.ts', bytes: Number.POSITIVE_INFINITY },
    ]);
    expect(shares).toEqual([{ language: 'TypeScript', files: 4, bytes: 10, share: 1 }]);
  });
});

describe('LanguageTally', () => {
  it('counts every file in bytes, known language or not', () => {
    const tally = new LanguageTally();
    tally.add('a.ts', 10);
    tally.add('logo.png', 90);
    expect(tally.bytes).toBe(100);
    expect(tally.shares()).toEqual([{ language: 'TypeScript', files: 1, bytes: 10, share: 1 }]);
  });
});
