import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface Level {
  dir: string; // relative to root, '' for the root
  rules: Array<{ base: string; ig: Ignore }>;
}

function readIgnoreFile(absDir: string): Ignore | null {
  try {
    const text = readFileSync(join(absDir, '.gitignore'), 'utf8');
    return ignore().add(text);
  } catch {
    return null;
  }
}

function isIgnored(rules: Level['rules'], rel: string, isDir: boolean): boolean {
  let ignored = false;
  // Deeper .gitignore files override shallower ones, as git does; `!` re-includes.
  for (const { base, ig } of rules) {
    const sub = base ? rel.slice(base.length + 1) : rel;
    const r = ig.test(isDir ? `${sub}/` : sub);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

/**
 * The file set outside a git repo: every regular file under root, honouring each folder's
 * .gitignore (the `ignore` package), never following symlinks, skipping `.git` folders.
 */
export function walkFiles(root: string): string[] {
  const files: string[] = [];
  const rootIg = readIgnoreFile(root);
  const stack: Level[] = [{ dir: '', rules: rootIg ? [{ base: '', ig: rootIg }] : [] }];
  while (stack.length) {
    const { dir, rules } = stack.pop()!;
    const abs = dir ? join(root, dir) : root;
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing to list
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: Level[] = [];
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === '.git' || isIgnored(rules, rel, true)) continue;
        const ig = readIgnoreFile(join(root, rel));
        subdirs.push({ dir: rel, rules: ig ? [...rules, { base: rel, ig }] : rules });
      } else if (entry.isFile()) {
        if (!isIgnored(rules, rel, false)) files.push(rel);
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
  return files;
}
