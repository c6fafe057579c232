import { parsePackageJson } from './package-json';
import {
  GRADLE_BUILD_FILES,
  isDotnetProjectFile,
  jsPackageManager,
  pythonPackageManager,
  type JsPackageManager,
  type PackageManager,
  type PythonPackageManager,
} from './package-manager';
import type { ProjectLayout } from './project-layout';
import type { RootManifests } from './root-manifests';

type Ecosystem = 'js' | 'rust' | 'go' | 'python' | 'java-maven' | 'java-gradle' | 'ruby' | 'php' | 'dotnet' | 'swift' | 'elixir';
type Guess = (layout: ProjectLayout, texts: Partial<RootManifests>) => string | null;

/** `npm init`'s placeholder, which only fails. */
const NPM_PLACEHOLDER = /no test specified/i;

/** `bun test` would start Bun's own runner instead of the script, hence `bun run test`. */
const RUN_TEST_SCRIPT: Record<JsPackageManager, string> = { npm: 'npm test', pnpm: 'pnpm test', yarn: 'yarn test', bun: 'bun run test' };

const PYTHON_RUNNER: Record<PythonPackageManager, string> = { uv: 'uv run ', poetry: 'poetry run ', pdm: 'pdm run ', pipenv: 'pipenv run ', pip: '' };

const GUESSES: Record<Ecosystem, Guess> = {
  js: ({ rootFiles }, { packageJson }) => {
    const script = packageJson ? parsePackageJson(packageJson)?.testScript?.trim() : undefined;
    if (!script || NPM_PLACEHOLDER.test(script)) return null;
    return RUN_TEST_SCRIPT[jsPackageManager(rootFiles, packageJson) ?? 'npm'];
  },
  rust: ({ rootFiles }) => (rootFiles.has('Cargo.toml') ? 'cargo test' : null),
  go: ({ rootFiles }) => (rootFiles.has('go.mod') ? 'go test ./...' : null),
  python: ({ rootFiles, hasPytestFiles }, { pyproject }) => {
    const pytest =
      hasPytestFiles ||
      rootFiles.has('pytest.ini') ||
      rootFiles.has('conftest.py') ||
      (!!pyproject && /\bpytest\b/.test(pyproject));
    if (!pytest) return null;
    return `${PYTHON_RUNNER[pythonPackageManager(rootFiles, pyproject) ?? 'pip']}pytest`;
  },
  'java-maven': ({ rootFiles }) => (rootFiles.has('pom.xml') ? (rootFiles.has('mvnw') ? './mvnw test' : 'mvn test') : null),
  'java-gradle': ({ rootFiles }) => {
    const gradle = GRADLE_BUILD_FILES.some((n) => rootFiles.has(n));
    if (!gradle && !rootFiles.has('gradlew')) return null;
    return rootFiles.has('gradlew') ? './gradlew test' : 'gradle test';
  },
  ruby: ({ rootFiles, rootDirs }) => {
    const bundle = rootFiles.has('Gemfile') ? 'bundle exec ' : '';
    if (rootDirs.has('spec') || rootFiles.has('.rspec')) return `${bundle}rspec`;
    if (rootFiles.has('Rakefile')) return `${bundle}rake test`;
    return null;
  },
  php: ({ rootFiles }) => (rootFiles.has('phpunit.xml') || rootFiles.has('phpunit.xml.dist') ? 'vendor/bin/phpunit' : null),
  dotnet: ({ rootFiles }) => ([...rootFiles].some(isDotnetProjectFile) ? 'dotnet test' : null),
  swift: ({ rootFiles }) => (rootFiles.has('Package.swift') ? 'swift test' : null),
  elixir: ({ rootFiles }) => (rootFiles.has('mix.exs') ? 'mix test' : null),
};

const ECOSYSTEM_OF: Record<PackageManager, Ecosystem> = {
  npm: 'js',
  pnpm: 'js',
  yarn: 'js',
  bun: 'js',
  cargo: 'rust',
  go: 'go',
  uv: 'python',
  poetry: 'python',
  pdm: 'python',
  pipenv: 'python',
  pip: 'python',
  maven: 'java-maven',
  gradle: 'java-gradle',
  bundler: 'ruby',
  composer: 'php',
  dotnet: 'dotnet',
  swift: 'swift',
  mix: 'elixir',
};

const ORDER = Object.keys(GUESSES) as Ecosystem[];

// A target line names `test` among its targets; `test := x` and `test = x` are variables.
const MAKE_TEST_TARGET = /^(?:[^\s:#=]+[ \t]+)*test(?:[ \t]+[^\s:#=]+)*[ \t]*::?(?!=)/m;

/** Whether Makefile text has a `test` target. */
export function hasMakeTestTarget(makefile: string): boolean {
  return MAKE_TEST_TARGET.test(makefile);
}

/**
 * The likely command to run the project's tests: the package manager's own ecosystem first, then
 * the others in a fixed order, then `make test`; null when nothing fits.
 */
export function detectTestCommand(layout: ProjectLayout, texts: Partial<RootManifests>, packageManager: PackageManager | null): string | null {
  const first = packageManager ? ECOSYSTEM_OF[packageManager] : undefined;
  const order = first ? [first, ...ORDER.filter((e) => e !== first)] : ORDER;
  for (const ecosystem of order) {
    const command = GUESSES[ecosystem](layout, texts);
    if (command) return command;
  }
  return texts.makefile && hasMakeTestTarget(texts.makefile) ? 'make test' : null;
}
