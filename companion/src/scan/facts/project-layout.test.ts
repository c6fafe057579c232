import { describe, expect, it } from 'vitest';
import { projectLayout } from './project-layout';

describe('projectLayout', () => {
  it('splits root files from root folders', () => {
    const layout = projectLayout(['package.json', 'src/a.ts', 'src/b/c.ts', 'spec/x_spec.rb', 'README.md', 'src/d.ts']);
    expect([...layout.rootFiles].sort()).toEqual(['README.md', 'package.json']);
    expect([...layout.rootDirs].sort()).toEqual(['spec', 'src']);
  });

  it('does not mistake a folder whose name starts like the last one', () => {
    const layout = projectLayout(['src/a.ts', 'srcgen/b.ts', 'sr/c.ts']);
    expect([...layout.rootDirs].sort()).toEqual(['sr', 'src', 'srcgen']);
  });

  it.each([
    [['tests/test_api.py'], true],
    [['pkg/tests/unit/test_x.py'], true],
    [['test/db_test.py'], true],
    [['conftest.py'], true],
    [['src/pkg/conftest.py'], true],
    [['test_root.py'], false],
    [['src/test_helpers.ts'], false],
    [['tests/helpers.py'], false],
    [['mytests/test_a.py'], false],
  ])('finds pytest files in %j: %s', (files, expected) => {
    expect(projectLayout(files).hasPytestFiles).toBe(expected);
  });

  it('is empty for no files', () => {
    expect(projectLayout([])).toEqual({ rootFiles: new Set(), rootDirs: new Set(), hasPytestFiles: false });
  });
});
