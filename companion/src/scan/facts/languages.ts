import type { ProjectFacts } from '../../../../shared/domain/scan';

export type LanguageShare = ProjectFacts['languages'][number];

/** Language → its extensions (lower case, no dot), after GitHub Linguist's names. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  TypeScript: 'ts tsx mts cts',
  JavaScript: 'js jsx mjs cjs',
  Python: 'py pyi pyw',
  Go: 'go',
  Rust: 'rs',
  Java: 'java',
  Kotlin: 'kt kts',
  Scala: 'scala sc',
  Groovy: 'groovy gradle',
  C: 'c h',
  'C++': 'cc cpp cxx c++ hh hpp hxx h++ ipp',
  'C#': 'cs csx',
  'F#': 'fs fsi fsx',
  'Objective-C': 'm mm',
  Swift: 'swift',
  Dart: 'dart',
  Ruby: 'rb rake gemspec',
  PHP: 'php phtml',
  Perl: 'pl pm',
  Lua: 'lua',
  R: 'r rmd',
  Julia: 'jl',
  Elixir: 'ex exs',
  Erlang: 'erl hrl',
  Haskell: 'hs lhs',
  OCaml: 'ml mli',
  Clojure: 'clj cljs cljc edn',
  Zig: 'zig',
  Nim: 'nim',
  Shell: 'sh bash zsh fish',
  PowerShell: 'ps1 psm1 psd1',
  Batchfile: 'bat cmd',
  HTML: 'html htm xhtml',
  CSS: 'css',
  SCSS: 'scss',
  Sass: 'sass',
  Less: 'less',
  Vue: 'vue',
  Svelte: 'svelte',
  Astro: 'astro',
  Markdown: 'md markdown mdx',
  reStructuredText: 'rst',
  JSON: 'json jsonc json5',
  YAML: 'yml yaml',
  TOML: 'toml',
  XML: 'xml xsd xsl',
  SQL: 'sql',
  GraphQL: 'graphql gql',
  'Protocol Buffers': 'proto',
  HCL: 'tf tfvars hcl',
  Nix: 'nix',
  Dockerfile: 'dockerfile',
  Makefile: 'mk mak',
  CMake: 'cmake',
};

/** Well-known file names without a telling extension. */
const NAMES: ReadonlyMap<string, string> = new Map([
  ['Dockerfile', 'Dockerfile'],
  ['Containerfile', 'Dockerfile'],
  ['Makefile', 'Makefile'],
  ['makefile', 'Makefile'],
  ['GNUmakefile', 'Makefile'],
  ['CMakeLists.txt', 'CMake'],
  ['Rakefile', 'Ruby'],
  ['Gemfile', 'Ruby'],
  ['Podfile', 'Ruby'],
  ['Vagrantfile', 'Ruby'],
  ['Jenkinsfile', 'Groovy'],
  ['.bashrc', 'Shell'],
  ['.bash_profile', 'Shell'],
  ['.zshrc', 'Shell'],
  ['.profile', 'Shell'],
]);

/** Generated files that would swamp the real code's share (Linguist leaves them out too). */
const GENERATED: ReadonlySet<string> = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'packages.lock.json',
]);

// languageOf runs once per file of the repo (100k files must take a few ms), so an extension is
// looked up as a number built from its characters: no string is sliced, lower-cased or hashed.
const MAX_CODED_EXTENSION = 8; // 8 chars × 6 bits stays an exact double

const TOO_LONG = -2;

/** The extension `path[from..]` as a number, case-folded; -1 for a character outside [A-Za-z0-9+]. */
function extensionCode(path: string, from: number): number {
  if (path.length - from > MAX_CODED_EXTENSION) return TOO_LONG;
  let code = 0;
  for (let i = from; i < path.length; i++) {
    let c = path.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 96; // a-z → 1..26
    else if (c >= 65 && c <= 90) c -= 64; // A-Z → 1..26
    else if (c >= 48 && c <= 57) c -= 21; // 0-9 → 27..36
    else if (c === 43) c = 37; // +
    else return -1;
    code = code * 64 + c;
  }
  return code;
}

const BY_CODE = new Map<number, string>();
const LONG_EXTENSIONS = new Map<string, string>();
for (const [language, extensions] of Object.entries(EXTENSIONS)) {
  for (const ext of extensions.split(' ')) {
    if (ext.length > MAX_CODED_EXTENSION) LONG_EXTENSIONS.set(ext, language);
    else BY_CODE.set(extensionCode(ext, 0), language);
  }
}

const SLASH = 47;
const NAME_STARTS: ReadonlySet<number> = new Set([...NAMES.keys(), 'Dockerfile.', 'Containerfile.'].map((n) => n.charCodeAt(0)));

/** The language of a `/`-separated path from its file name, or null when unknown or generated. */
export function languageOf(path: string): string | null {
  const dot = path.lastIndexOf('.');
  if (dot > 0 && path.charCodeAt(dot - 1) !== SLASH) {
    const code = extensionCode(path, dot + 1);
    const language = code > 0 ? BY_CODE.get(code) : code === TOO_LONG ? LONG_EXTENSIONS.get(path.slice(dot + 1).toLowerCase()) : undefined;
    if (language !== undefined) {
      if (language === 'JavaScript' || language === 'CSS') return path.startsWith('.min', dot - 4) ? null : language; // minified bundles
      if (language === 'JSON' || language === 'YAML') return GENERATED.has(path.slice(path.lastIndexOf('/') + 1)) ? null : language;
      return language;
    }
  }
  const start = path.lastIndexOf('/') + 1;
  if (!NAME_STARTS.has(path.charCodeAt(start))) return null; // most unknown files: skip the slice
  const name = path.slice(start);
  const named = NAMES.get(name);
  if (named !== undefined) return named;
  return name.startsWith('Dockerfile.') || name.startsWith('Containerfile.') ? 'Dockerfile' : null;
}

/** Files and bytes per known language, added one file at a time. */
export class LanguageTally {
  private readonly totals = new Map<string, { files: number; bytes: number }>();
  /** Bytes of known-language files. */
  private known = 0;
  /** Bytes of every file added. */
  bytes = 0;

  add(path: string, bytes: number): void {
    const size = Number.isFinite(bytes) && bytes > 0 ? Math.trunc(bytes) : 0; // NaN and negatives count as empty
    this.bytes += size;
    const language = languageOf(path);
    if (language === null) return;
    const t = this.totals.get(language);
    if (t) {
      t.files++;
      t.bytes += size;
    } else this.totals.set(language, { files: 1, bytes: size });
    this.known += size;
  }

  /**
   * Largest first; `share` is the language's part of the known-language bytes (files of no known
   * language are left out), rounded to 3 decimals.
   */
  shares(): LanguageShare[] {
    const total = this.known;
    return [...this.totals]
      .map(([language, t]) => ({ language, files: t.files, bytes: t.bytes, share: total > 0 ? Math.round((t.bytes / total) * 1000) / 1000 : 0 }))
      .sort((a, b) => b.bytes - a.bytes || b.files - a.files || (a.language < b.language ? -1 : a.language > b.language ? 1 : 0));
  }
}

/** Files and bytes per known language of these files, largest first (see {@link LanguageTally.shares}). */
export function languageShares(entries: ReadonlyArray<{ path: string; bytes: number }>): LanguageShare[] {
  const tally = new LanguageTally();
  for (let i = 0; i < entries.length; i++) tally.add(entries[i]!.path, entries[i]!.bytes);
  return tally.shares();
}
