import { describe, expect, it } from 'vitest';
import { detectPackageManager, jsPackageManager, pythonPackageManager } from './package-manager';

const names = (...files: string[]) => new Set(files);

describe('detectPackageManager', () => {
  it.each([
    [['package.json', 'pnpm-lock.yaml'], 'pnpm'],
    [['package.json', 'yarn.lock'], 'yarn'],
    [['package.json', 'bun.lockb'], 'bun'],
    [['package.json', 'bun.lock'], 'bun'],
    [['package.json', 'package-lock.json'], 'npm'],
    [['package.json', 'npm-shrinkwrap.json'], 'npm'],
    [['package.json'], 'npm'],
    [['Cargo.toml', 'Cargo.lock'], 'cargo'],
    [['go.mod', 'go.sum'], 'go'],
    [['pyproject.toml', 'uv.lock'], 'uv'],
    [['pyproject.toml', 'poetry.lock'], 'poetry'],
    [['pyproject.toml', 'pdm.lock'], 'pdm'],
    [['Pipfile'], 'pipenv'],
    [['requirements.txt'], 'pip'],
    [['setup.py'], 'pip'],
    [['pyproject.toml'], 'pip'],
    [['pom.xml'], 'maven'],
    [['build.gradle'], 'gradle'],
    [['build.gradle.kts', 'gradlew'], 'gradle'],
    [['settings.gradle.kts'], 'gradle'],
    [['Gemfile', 'Gemfile.lock'], 'bundler'],
    [['composer.json'], 'composer'],
    [['App.sln'], 'dotnet'],
    [['App.csproj'], 'dotnet'],
    [['Lib.fsproj'], 'dotnet'],
    [['Package.swift'], 'swift'],
    [['mix.exs'], 'mix'],
  ])('%j → %s', (files, expected) => {
    expect(detectPackageManager(names(...files))).toBe(expected);
  });

  it('is null without any manifest', () => {
    expect(detectPackageManager(names())).toBeNull();
    expect(detectPackageManager(names('README.md', 'main.c', 'Makefile'))).toBeNull();
  });

  it("prefers package.json's packageManager field over lockfiles", () => {
    const packageJson = '{"packageManager":"yarn@4.1.0+sha512.abc"}';
    expect(detectPackageManager(names('package.json', 'package-lock.json'), { packageJson })).toBe('yarn');
  });

  it('ignores an unknown or malformed packageManager field', () => {
    expect(detectPackageManager(names('package.json', 'pnpm-lock.yaml'), { packageJson: '{"packageManager":"deno@2"}' })).toBe('pnpm');
    expect(detectPackageManager(names('package.json', 'pnpm-lock.yaml'), { packageJson: '{"packageManager":' })).toBe('pnpm');
    expect(detectPackageManager(names('package.json'), { packageJson: 'not json' })).toBe('npm');
  });

  it('takes a JavaScript lockfile over another ecosystem, and that ecosystem over a bare package.json', () => {
    expect(detectPackageManager(names('Cargo.toml', 'package.json', 'pnpm-lock.yaml'))).toBe('pnpm');
    expect(detectPackageManager(names('Cargo.toml', 'package.json'))).toBe('cargo');
    expect(detectPackageManager(names('pyproject.toml', 'package.json'))).toBe('pip');
    expect(detectPackageManager(names('go.mod', 'package.json'))).toBe('go');
  });

  it("reads pyproject's [tool.*] tables", () => {
    expect(detectPackageManager(names('pyproject.toml'), { pyproject: '[tool.poetry]\nname = "x"\n' })).toBe('poetry');
    expect(detectPackageManager(names('pyproject.toml'), { pyproject: '[tool.poetry.dependencies]\n' })).toBe('poetry');
    expect(detectPackageManager(names('pyproject.toml'), { pyproject: '[project]\n[tool.pdm]\n' })).toBe('pdm');
    expect(detectPackageManager(names('pyproject.toml'), { pyproject: '[tool.uv]\ndev-dependencies = []\n' })).toBe('uv');
    expect(detectPackageManager(names('pyproject.toml'), { pyproject: '[tool.poetryx]\n# [tool.poetry]\n' })).toBe('pip');
  });
});

describe('jsPackageManager', () => {
  it('is null without package.json', () => {
    expect(jsPackageManager(names('Cargo.toml'))).toBeNull();
  });

  it('follows lockfiles, npm by default', () => {
    expect(jsPackageManager(names('package.json', 'yarn.lock', 'Cargo.toml'))).toBe('yarn');
    expect(jsPackageManager(names('package.json', 'Cargo.toml'))).toBe('npm');
  });
});

describe('pythonPackageManager', () => {
  it('prefers a lockfile to pyproject tables', () => {
    expect(pythonPackageManager(names('pyproject.toml', 'uv.lock'), '[tool.poetry]\n')).toBe('uv');
  });

  it('is null without a Python manifest', () => {
    expect(pythonPackageManager(names('package.json'))).toBeNull();
  });
});
