/** What sits at the top of the project, gathered in one pass over the file list. */
export interface ProjectLayout {
  /** Names of files directly in the root. */
  rootFiles: ReadonlySet<string>;
  /** Names of folders directly in the root that hold at least one listed file. */
  rootDirs: ReadonlySet<string>;
  /** A pytest-style file: `conftest.py` anywhere, or `test_*.py` / `*_test.py` under a `tests/` or `test/` folder. */
  hasPytestFiles: boolean;
}

const PYTEST_FILE = /(?:^|\/)(?:conftest\.py|tests?\/(?:.*\/)?(?:test_[^/]*|[^/]*_test)\.py)$/;

/** The layout of a `/`-separated file list relative to the root. */
export function projectLayout(files: readonly string[]): ProjectLayout {
  const rootFiles = new Set<string>();
  const rootDirs = new Set<string>();
  let hasPytestFiles = false;
  let lastDir = '';
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const slash = file.indexOf('/');
    if (slash < 0) rootFiles.add(file);
    // Lists come grouped by folder, so most files repeat the last folder: skip the slice and the Set.
    else if (slash !== lastDir.length || !file.startsWith(lastDir)) {
      lastDir = file.slice(0, slash);
      rootDirs.add(lastDir);
    }
    if (!hasPytestFiles && file.endsWith('.py') && PYTEST_FILE.test(file)) hasPytestFiles = true;
  }
  return { rootFiles, rootDirs, hasPytestFiles };
}
