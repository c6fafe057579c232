import { describe, expect, it } from 'vitest';
import { detectPackageManager } from './package-manager';
import { projectLayout } from './project-layout';
import type { RootManifests } from './root-manifests';
import { detectTestCommand, hasMakeTestTarget } from './test-command';

/** The test command for a file list and manifests, with the package manager detected as projectFacts does. */
function commandFor(files: string[], texts: Partial<RootManifests> = {}): string | null {
  const layout = projectLayout(files);
  return detectTestCommand(layout, texts, detectPackageManager(layout.rootFiles, texts));
}

const pkg = (scripts: Record<string, string>, extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'x', scripts, ...extra });

describe('detectTestCommand for JavaScript', () => {
  it.each([
    [['package.json'], 'npm test'],
    [['package.json', 'package-lock.json'], 'npm test'],
    [['package.json', 'pnpm-lock.yaml'], 'pnpm test'],
    [['package.json', 'yarn.lock'], 'yarn test'],
    [['package.json', 'bun.lockb'], 'bun run test'],
  ])('%j → %s', (files, expected) => {
    expect(commandFor(files, { packageJson: pkg({ test: 'vitest run' }) })).toBe(expected);
  });

  it("ignores npm init's placeholder script", () => {
    const packageJson = pkg({ test: 'echo "Error: no test specified" && exit 1' });
    expect(commandFor(['package.json'], { packageJson })).toBeNull();
  });

  it('ignores an empty script and a package.json without one', () => {
    expect(commandFor(['package.json'], { packageJson: pkg({ test: '  ' }) })).toBeNull();
    expect(commandFor(['package.json'], { packageJson: pkg({ build: 'tsc' }) })).toBeNull();
  });

  it('gives null, not an error, for broken package.json', () => {
    expect(commandFor(['package.json'], { packageJson: '{"scripts": {"test": "jest"' })).toBeNull();
    expect(commandFor(['package.json'], { packageJson: null })).toBeNull();
  });

  it('uses the packageManager field', () => {
    expect(commandFor(['package.json'], { packageJson: pkg({ test: 'jest' }, { packageManager: 'pnpm@9.0.0' }) })).toBe('pnpm test');
  });
});

describe('detectTestCommand for other ecosystems', () => {
  it.each([
    [['Cargo.toml', 'src/main.rs'], 'cargo test'],
    [['go.mod', 'main.go'], 'go test ./...'],
    [['pom.xml'], 'mvn test'],
    [['pom.xml', 'mvnw'], './mvnw test'],
    [['build.gradle'], 'gradle test'],
    [['build.gradle.kts', 'gradlew'], './gradlew test'],
    [['settings.gradle', 'gradlew'], './gradlew test'],
    [['Gemfile', 'spec/user_spec.rb'], 'bundle exec rspec'],
    [['Gemfile', '.rspec'], 'bundle exec rspec'],
    [['Gemfile', 'Rakefile', 'test/user_test.rb'], 'bundle exec rake test'],
    [['Rakefile'], 'rake test'],
    [['composer.json', 'phpunit.xml.dist'], 'vendor/bin/phpunit'],
    [['App.sln', 'src/App/App.csproj'], 'dotnet test'],
    [['Package.swift'], 'swift test'],
    [['mix.exs'], 'mix test'],
  ])('%j → %s', (files, expected) => {
    expect(commandFor(files)).toBe(expected);
  });

  it.each([
    [['Gemfile']],
    [['composer.json']],
    [['README.md']],
    [[]],
  ])('is null for %j', (files) => {
    expect(commandFor(files)).toBeNull();
  });
});

describe('detectTestCommand for Python', () => {
  it.each([
    [['requirements.txt', 'tests/test_app.py'], {}, 'pytest'],
    [['pytest.ini', 'app.py'], {}, 'pytest'],
    [['setup.py', 'conftest.py'], {}, 'pytest'],
    [['pyproject.toml'], { pyproject: '[tool.pytest.ini_options]\n' }, 'pytest'],
    [['pyproject.toml'], { pyproject: '[project]\ndependencies = ["pytest>=8"]\n' }, 'pytest'],
    [['pyproject.toml', 'uv.lock', 'tests/test_x.py'], {}, 'uv run pytest'],
    [['pyproject.toml', 'tests/test_x.py'], { pyproject: '[tool.poetry]\n' }, 'poetry run pytest'],
    [['Pipfile', 'tests/test_x.py'], {}, 'pipenv run pytest'],
  ])('%j %j → %s', (files, texts, expected) => {
    expect(commandFor(files, texts)).toBe(expected);
  });

  it('is null for a Python project without pytest signs', () => {
    expect(commandFor(['pyproject.toml', 'src/app.py'], { pyproject: '[project]\nname = "app"\n' })).toBeNull();
  });
});

describe('detectTestCommand order', () => {
  it("tries the package manager's ecosystem first", () => {
    const packageJson = pkg({ test: 'jest' });
    expect(commandFor(['Cargo.toml', 'package.json'], { packageJson })).toBe('cargo test');
    expect(commandFor(['Cargo.toml', 'package.json', 'pnpm-lock.yaml'], { packageJson })).toBe('pnpm test');
  });

  it('falls back to another ecosystem when the first has no tests', () => {
    const packageJson = pkg({ lint: 'eslint .' });
    expect(commandFor(['package.json', 'package-lock.json', 'go.mod'], { packageJson })).toBe('go test ./...');
  });

  it('uses make test last', () => {
    const makefile = 'build:\n\tcc main.c\n\ntest: build\n\t./run-tests\n';
    expect(commandFor(['Makefile', 'main.c'], { makefile })).toBe('make test');
    expect(commandFor(['Makefile', 'go.mod'], { makefile })).toBe('go test ./...');
  });

  it('accepts a package manager it has no guess for', () => {
    expect(detectTestCommand(projectLayout(['composer.json']), {}, 'composer')).toBeNull();
  });
});

describe('hasMakeTestTarget', () => {
  it.each([
    ['test:\n\tgo test ./...\n', true],
    ['test: build lint\n', true],
    ['test::\n', true],
    ['unit test: deps\n', true],
    ['test integration:\n', true],
    ['.PHONY: test\nbuild:\n', false],
    ['test-unit:\n', false],
    ['unittest:\n', false],
    ['test := value\n', false],
    ['test = value\n', false],
    ['\ttest: in a recipe\n', false],
    ['# test:\n', false],
    ['', false],
  ])('%j → %s', (makefile, expected) => {
    expect(hasMakeTestTarget(makefile)).toBe(expected);
  });
});
