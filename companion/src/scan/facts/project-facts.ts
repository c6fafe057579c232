import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectFacts } from '../../../../shared/domain/scan';
import { LanguageTally } from './languages';
import { detectPackageManager } from './package-manager';
import { projectLayout } from './project-layout';
import { readRootManifests } from './root-manifests';
import { detectTestCommand } from './test-command';

/** Without known sizes, at most this many files are stat'ed; the facts then describe those files. */
export const MAX_STAT_FILES = 100_000;

/**
 * Languages, package manager and test command of the project at `root`, from its `/`-separated
 * file list. `sizes`, when given, holds the size of each countable file of `files` (the marker
 * scan's reads) and the counts are exactly its entries, with no per-file syscall; without it, each
 * file is lstat'ed and symlinks, folders and unreadable files are left out.
 * Reads only root-level package.json, pyproject.toml and Makefile, never through a symlink.
 */
export function projectFacts(root: string, files: readonly string[], sizes?: ReadonlyMap<string, number>): ProjectFacts {
  const tally = new LanguageTally();
  let counted = 0;
  if (sizes) {
    // Walking the map is several times faster than one lookup per listed file.
    sizes.forEach((size, path) => {
      counted++;
      tally.add(path, size);
    });
  } else {
    const limit = Math.min(files.length, MAX_STAT_FILES);
    for (let i = 0; i < limit; i++) {
      const path = files[i]!;
      const size = regularFileSize(join(root, path));
      if (size === null) continue;
      counted++;
      tally.add(path, size);
    }
  }

  const layout = projectLayout(files);
  const manifests = readRootManifests(root, layout.rootFiles);
  const packageManager = detectPackageManager(layout.rootFiles, manifests);
  return {
    languages: tally.shares(),
    packageManager,
    testCommand: detectTestCommand(layout, manifests, packageManager),
    files: counted,
    bytes: tally.bytes,
  };
}

function regularFileSize(path: string): number | null {
  try {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    return stat?.isFile() ? stat.size : null;
  } catch {
    return null; // unreadable: left out
  }
}
