import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runGit } from '../git/run-git';

export interface GitFileSet {
  /** Paths relative to the scan root, `/`-separated, in git's order. */
  files: string[];
  /** Files git's `diff` attribute marks binary (`-diff`, `binary`): skipped as `git grep -I` does. */
  binaryByAttribute: Set<string>;
}

function splitNul(buf: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const end = buf.indexOf(0, start);
    if (end === -1) break;
    if (end > start) out.push(buf.toString('utf8', start, end));
    start = end + 1;
  }
  return out;
}

/** True when some attributes file could set linguist-* or diff attributes for these files. */
function mayHaveAttributes(root: string, gitDir: string, prefix: string, files: readonly string[]): boolean {
  if (existsSync(join(gitDir, 'info', 'attributes'))) return true;
  // A subfolder scan lists only its own files, so look in the folders above it up to the top too.
  const depth = prefix.split('/').filter(Boolean).length;
  for (let up = 1; up <= depth; up++) if (existsSync(join(root, ...Array<string>(up).fill('..'), '.gitattributes'))) return true;
  return files.some((f) => f === '.gitattributes' || f.endsWith('/.gitattributes'));
}

/**
 * git's own view of the repo's files under `root`: tracked plus untracked-not-ignored, minus what
 * `.gitattributes` marks linguist-generated or linguist-vendored. Returns null when `root` is not
 * inside a work tree.
 */
export async function listGitFiles(root: string): Promise<GitFileSet | null> {
  const gitDirResult = await runGit(['rev-parse', '--absolute-git-dir'], { cwd: root, timeoutMs: 10_000 });
  if (!gitDirResult.ok) return null;
  const gitDir = gitDirResult.value.toString('utf8').trim();
  const listed = await runGit(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name', '--', '.'], {
    cwd: root,
  });
  if (!listed.ok) return null;
  const prefixResult = await runGit(['rev-parse', '--show-prefix'], { cwd: root, timeoutMs: 10_000 });
  const prefix = prefixResult.ok ? prefixResult.value.toString('utf8').trim() : '';
  const seen = new Set<string>();
  const files: string[] = [];
  for (const full of splitNul(listed.value)) {
    const rel = prefix && full.startsWith(prefix) ? full.slice(prefix.length) : full;
    if (seen.has(rel)) continue; // unmerged paths are listed once per stage
    seen.add(rel);
    files.push(rel);
  }
  const binaryByAttribute = new Set<string>();
  if (files.length === 0 || !mayHaveAttributes(root, gitDir, prefix, files)) return { files, binaryByAttribute };

  const attrs = await runGit(['check-attr', '-z', '--stdin', 'linguist-generated', 'linguist-vendored', 'diff'], {
    cwd: root,
    input: files.join('\0') + '\0',
  });
  if (!attrs.ok) return { files, binaryByAttribute };
  const parts = splitNulKeepEmpty(attrs.value);
  const excluded = new Set<string>();
  for (let i = 0; i + 2 < parts.length; i += 3) {
    const [file, attr, value] = [parts[i]!, parts[i + 1]!, parts[i + 2]!];
    if (attr === 'diff') {
      if (value === 'unset') binaryByAttribute.add(file);
    } else if (value === 'set' || value === 'true') {
      excluded.add(file);
    }
  }
  return { files: excluded.size ? files.filter((f) => !excluded.has(f)) : files, binaryByAttribute };
}

function splitNulKeepEmpty(buf: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const end = buf.indexOf(0, start);
    if (end === -1) break;
    out.push(buf.toString('utf8', start, end));
    start = end + 1;
  }
  return out;
}
