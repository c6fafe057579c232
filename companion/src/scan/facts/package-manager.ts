import { parsePackageJson } from './package-json';
import type { RootManifests } from './root-manifests';

export type JsPackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';
export type PythonPackageManager = 'uv' | 'poetry' | 'pdm' | 'pipenv' | 'pip';
export type PackageManager =
  | JsPackageManager
  | PythonPackageManager
  | 'cargo'
  | 'go'
  | 'maven'
  | 'gradle'
  | 'bundler'
  | 'composer'
  | 'dotnet'
  | 'swift'
  | 'mix';

const JS_LOCKFILES: ReadonlyArray<readonly [string, JsPackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

const COREPACK_NAMES: ReadonlySet<string> = new Set<JsPackageManager>(['npm', 'pnpm', 'yarn', 'bun']);

/** The JavaScript tool declared by Corepack's `packageManager` field or a lockfile; null without either. */
function declaredJsPackageManager(rootFiles: ReadonlySet<string>, packageJson: string | null | undefined): JsPackageManager | null {
  const declared = packageJson ? parsePackageJson(packageJson)?.packageManager : undefined;
  const name = declared?.trim().split('@')[0];
  if (name && COREPACK_NAMES.has(name)) return name as JsPackageManager;
  for (const [lockfile, manager] of JS_LOCKFILES) if (rootFiles.has(lockfile)) return manager;
  return null;
}

/** The JavaScript package manager, npm for a bare package.json; null without package.json. */
export function jsPackageManager(rootFiles: ReadonlySet<string>, packageJson?: string | null): JsPackageManager | null {
  const declared = declaredJsPackageManager(rootFiles, packageJson);
  if (declared) return declared;
  return rootFiles.has('package.json') ? 'npm' : null;
}

const hasTomlTable = (toml: string | null | undefined, table: string): boolean =>
  !!toml && new RegExp(`^\\s*\\[\\s*tool\\.${table}\\s*[.\\]]`, 'm').test(toml);

/** The Python package manager: lockfiles first, then pyproject's `[tool.*]` tables, then pip. */
export function pythonPackageManager(rootFiles: ReadonlySet<string>, pyproject?: string | null): PythonPackageManager | null {
  if (rootFiles.has('uv.lock')) return 'uv';
  if (rootFiles.has('poetry.lock')) return 'poetry';
  if (rootFiles.has('pdm.lock')) return 'pdm';
  if (rootFiles.has('Pipfile') || rootFiles.has('Pipfile.lock')) return 'pipenv';
  if (hasTomlTable(pyproject, 'poetry')) return 'poetry';
  if (hasTomlTable(pyproject, 'pdm')) return 'pdm';
  if (hasTomlTable(pyproject, 'uv')) return 'uv';
  for (const name of ['pyproject.toml', 'requirements.txt', 'setup.py', 'setup.cfg']) if (rootFiles.has(name)) return 'pip';
  return null;
}

export const GRADLE_BUILD_FILES = ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'] as const;

const DOTNET_PROJECT = /\.(?:csproj|fsproj|vbproj|sln|slnx)$/;

/** A .NET project or solution file name. */
export const isDotnetProjectFile = (name: string): boolean => DOTNET_PROJECT.test(name);

/** The non-JavaScript, non-Python tool named by a root manifest. */
function otherPackageManager(rootFiles: ReadonlySet<string>): PackageManager | null {
  if (rootFiles.has('Cargo.toml')) return 'cargo';
  if (rootFiles.has('go.mod')) return 'go';
  if (rootFiles.has('pom.xml')) return 'maven';
  for (const name of GRADLE_BUILD_FILES) if (rootFiles.has(name)) return 'gradle';
  if (rootFiles.has('Gemfile')) return 'bundler';
  if (rootFiles.has('composer.json')) return 'composer';
  if (rootFiles.has('Package.swift')) return 'swift';
  if (rootFiles.has('mix.exs')) return 'mix';
  for (const name of rootFiles) if (isDotnetProjectFile(name)) return 'dotnet';
  return null;
}

/**
 * The project's package manager from its root-level file names. Most specific first: a JavaScript
 * tool that is declared or has a lockfile, then another ecosystem's manifest, then npm for a bare
 * package.json (often only lint tooling beside a project in another language).
 */
export function detectPackageManager(rootFiles: ReadonlySet<string>, texts: Partial<RootManifests> = {}): PackageManager | null {
  return (
    declaredJsPackageManager(rootFiles, texts.packageJson) ??
    otherPackageManager(rootFiles) ??
    pythonPackageManager(rootFiles, texts.pyproject) ??
    (rootFiles.has('package.json') ? 'npm' : null)
  );
}
