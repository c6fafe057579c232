import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../../shared/domain/scan';
import { ScanResultSchema } from '../../../shared/domain/scan';
import { scanRepo, type ScanOptions } from './scan-repo';

let base: string;
let counter = 0;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'sp-scan-test-')));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

/** The test's own git: no inherited GIT_* variables, a fixed identity, no signing, bytes kept as written. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args],
    { cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  ).toString('utf8');
}

function freshDir(name: string): string {
  const dir = join(base, `${name}-${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

function makeRepo(name: string, committed: Record<string, string | Buffer>, untracked: Record<string, string | Buffer> = {}): string {
  const root = freshDir(name);
  git(root, 'init', '-q', '-b', 'main');
  writeFiles(root, committed);
  if (Object.keys(committed).length) {
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'initial');
  }
  writeFiles(root, untracked);
  return root;
}

async function scanOk(path: string, options?: ScanOptions): Promise<ScanResult> {
  const r = await scanRepo(path, options);
  if (!r.ok) throw new Error(`scan failed: ${r.error.code} ${r.error.message}`);
  // Every result must satisfy the schema the CLI and the socket promise.
  expect(ScanResultSchema.safeParse(r.value).success).toBe(true);
  return r.value;
}

const hits = (r: ScanResult) => r.markers.map((m) => `${m.file}:${m.line}`).sort();

describe('scanRepo: the git file set', () => {
  it('scans tracked and untracked-not-ignored files, not ignored ones', async () => {
    const root = makeRepo(
      'fileset',
      { '.gitignore': 'ignored.ts\nbuild/\n', 'a.ts': 'x\n// TODO: tracked\n', 'src/deep/b.ts': 'FIXME tracked deep\n' },
      { 'new.ts': 'HACK untracked\n', 'ignored.ts': 'TODO ignored\n', 'build/out.js': 'TODO built\n', 'src/n.ts': 'BUG new\n' },
    );
    const r = await scanOk(root);
    expect(r.root).toBe(root);
    expect(r.fileSet).toBe('git');
    expect(r.markers).toEqual(
      expect.arrayContaining([
        { file: 'a.ts', line: 2, tag: 'TODO', text: '// TODO: tracked' },
        { file: 'src/deep/b.ts', line: 1, tag: 'FIXME', text: 'FIXME tracked deep' },
        { file: 'new.ts', line: 1, tag: 'HACK', text: 'HACK untracked' },
        { file: 'src/n.ts', line: 1, tag: 'BUG', text: 'BUG new' },
      ]),
    );
    expect(hits(r)).toEqual(['a.ts:2', 'new.ts:1', 'src/deep/b.ts:1', 'src/n.ts:1']);
    expect(r.filesScanned).toBe(5); // .gitignore, a.ts, b.ts, new.ts, n.ts
    expect(r.skipped).toEqual([]);
    expect(r.tests).toMatchObject({ checked: true, failures: [], reports: [] });
  });

  it('skips files with a NUL in the first 8000 bytes, as git grep -I does', async () => {
    const early = Buffer.concat([Buffer.from('TODO in a binary\n'), Buffer.from([0]), Buffer.from('\nTODO again\n')]);
    const edge = Buffer.concat([Buffer.from('TODO edge\n'), Buffer.alloc(7999 - 10, 0x61), Buffer.from([0])]);
    const late = Buffer.concat([Buffer.from('TODO text\n'), Buffer.alloc(8000 - 10, 0x61), Buffer.from([0]), Buffer.from('\nFIXME late\n')]);
    expect(edge.indexOf(0)).toBe(7999);
    expect(late.indexOf(0)).toBe(8000);
    const root = makeRepo('binary', { 'early.bin': early, 'edge.dat': edge, 'late.dat': late, 'ok.ts': 'TODO\n' });
    const r = await scanOk(root);
    expect(hits(r)).toEqual(['late.dat:1', 'late.dat:3', 'ok.ts:1']);
    expect(r.skipped).toEqual([]);
  });

  it('leaves out linguist-generated, linguist-vendored and -diff/binary files', async () => {
    const root = makeRepo('attrs', {
      '.gitattributes': [
        'gen/** linguist-generated',
        'vendor/** linguist-vendored=true',
        '*.snap -diff',
        '*.blob binary',
        'keep.gen.ts linguist-generated=false',
        '"odd name ü.ts" linguist-generated',
        '',
      ].join('\n'),
      'gen/api.ts': 'TODO generated\n',
      'vendor/lib.js': 'FIXME vendored\n',
      'a.snap': 'TODO snapshot\n',
      'b.blob': 'TODO blob\n',
      'keep.gen.ts': 'HACK kept\n',
      'odd name ü.ts': 'TODO odd\n',
      'odd name.ts': 'TODO plain odd\n',
      'main.ts': 'BUG main\n',
    });
    const r = await scanOk(root);
    expect(hits(r)).toEqual(['keep.gen.ts:1', 'main.ts:1', 'odd name.ts:1']);
  });

  it('honours .gitattributes at the repo root when scanning a subfolder', async () => {
    const root = makeRepo('attrs-sub', {
      '.gitattributes': '*.gen.ts linguist-generated\n*.snap -diff\n',
      'pkg/a.gen.ts': 'TODO generated\n',
      'pkg/b.snap': 'TODO snapshot\n',
      'pkg/c.ts': 'TODO real\n',
    });
    const r = await scanOk(join(root, 'pkg'));
    expect(hits(r)).toEqual(['c.ts:1']);
  });

  it('reports a file over the cap as skipped, too_large, and reads the rest', async () => {
    const big = `TODO big\n${'x'.repeat(200)}\n`;
    const root = makeRepo('cap', { 'big.txt': big, 'small.txt': 'TODO small\n' });
    const r = await scanOk(root, { maxFileBytes: 100 });
    expect(hits(r)).toEqual(['small.txt:1']);
    expect(r.skipped).toEqual([{ file: 'big.txt', reason: 'too_large', bytes: Buffer.byteLength(big) }]);
    const all = await scanOk(root);
    expect(hits(all)).toEqual(['big.txt:1', 'small.txt:1']);
    expect(all.skipped).toEqual([]);
  });

  it('does not follow symlinks, tracked or untracked', async () => {
    const outside = freshDir('outside');
    writeFiles(outside, { 'secret.ts': 'TODO outside the repo\n' });
    const root = makeRepo('symlink', { 'a.ts': 'TODO a\n' });
    symlinkSync(join(outside, 'secret.ts'), join(root, 'tracked-link.ts'));
    symlinkSync('a.ts', join(root, 'inner-link.ts'));
    git(root, 'add', 'tracked-link.ts');
    git(root, 'commit', '-q', '-m', 'link');
    symlinkSync(outside, join(root, 'dir-link'));
    const r = await scanOk(root);
    expect(hits(r)).toEqual(['a.ts:1']);
    expect(r.markers.some((m) => m.text.includes('outside'))).toBe(false);
  });

  it('gives paths relative to a scanned subfolder', async () => {
    const root = makeRepo('subfolder', {
      'top.ts': 'TODO top\n',
      'pkg/x.ts': 'a\nb\nFIXME x\n',
      'pkg/deep/y.ts': 'XXX y\n',
      'other/z.ts': 'TODO z\n',
    }, { 'pkg/untracked.ts': 'HACK u\n' });
    const r = await scanOk(join(root, 'pkg'));
    expect(r.root).toBe(join(root, 'pkg'));
    expect(r.fileSet).toBe('git');
    expect(hits(r)).toEqual(['deep/y.ts:1', 'untracked.ts:1', 'x.ts:3']);
  });

  it('lists the files inside wholly untracked folders, also when the scanned folder lies in one', async () => {
    const root = makeRepo(
      'untracked-folders',
      { '.gitignore': 'fresh/skip/\n', 'a.ts': 'TODO a\n' },
      {
        'fresh/one.ts': 'FIXME one\n',
        'fresh/deep/er/two.ts': 'HACK two\n',
        'fresh/skip/no.ts': 'TODO ignored\n',
        'fresh/deep/with space.ts': 'XXX spaced\n',
      },
    );
    // A nested repo is listed as one entry, never entered (as ls-files --others does).
    git(join(root, 'fresh'), 'init', '-q', 'nested');
    writeFiles(root, { 'fresh/nested/inside.ts': 'TODO nested\n' });
    for (const git of [true, false]) {
      const r = await scanOk(root, { git });
      expect(hits(r)).toEqual(['a.ts:1', 'fresh/deep/er/two.ts:1', 'fresh/deep/with space.ts:1', 'fresh/one.ts:1']);
      const sub = await scanOk(join(root, 'fresh', 'deep'), { git });
      expect(hits(sub)).toEqual(['er/two.ts:1', 'with space.ts:1']);
    }
  });

  it('reads the index git leaves to itself (split index) and its compressed form (version 4) alike', async () => {
    const root = makeRepo('index-forms', { 'a.ts': 'TODO a\n', 'dir/b.ts': 'x\nFIXME b\n', 'dir/sub/c.ts': 'HACK c\n', 'big.txt': 'BUG\n'.repeat(10) });
    const expected = ['a.ts:1', 'big.txt:1', 'big.txt:10', 'big.txt:2', 'big.txt:3', 'big.txt:4', 'big.txt:5', 'big.txt:6', 'big.txt:7', 'big.txt:8', 'big.txt:9', 'dir/b.ts:2', 'dir/sub/c.ts:1'];
    git(root, 'update-index', '--index-version', '4');
    expect(hits(await scanOk(root))).toEqual(expected);
    expect(hits(await scanOk(join(root, 'dir')))).toEqual(['b.ts:2', 'sub/c.ts:1']);
    git(root, 'update-index', '--split-index');
    const split = await scanOk(root, { maxFileBytes: 30 });
    expect(hits(split)).toEqual(expected.filter((h) => !h.startsWith('big.txt')));
    expect(split.skipped).toEqual([{ file: 'big.txt', reason: 'too_large', bytes: 40 }]);
    expect(hits(await scanOk(join(root, 'dir')))).toEqual(['b.ts:2', 'sub/c.ts:1']);
  });

  it('judges the cap by a changed file\'s own size, not the size the index recorded', async () => {
    const root = makeRepo('grown', { 'a.ts': 'TODO small\n', 'b.ts': 'FIXME b\n' });
    writeFiles(root, { 'a.ts': `TODO now large\n${'x'.repeat(5000)}\n` });
    const r = await scanOk(root, { maxFileBytes: 1000 });
    expect(hits(r)).toEqual(['b.ts:1']);
    expect(r.skipped).toEqual([{ file: 'a.ts', reason: 'too_large', bytes: 5016 }]);
  });

  it('passes extra tags through', async () => {
    const root = makeRepo('extra', { 'a.ts': 'NOTE one\nTODO two\nNOTES three\n' });
    const r = await scanOk(root, { extraTags: ['NOTE'] });
    expect(r.markers.map((m) => `${m.line}:${m.tag}`)).toEqual(['1:NOTE', '2:TODO']);
  });
});

describe('scanRepo: parity with git grep', () => {
  /** Deterministic files full of markers, lookalikes and awkward line endings. */
  function parityFiles(): Record<string, string | Buffer> {
    const snippets = [
      '// TODO: plain',
      '# todo lower case',
      'TODOS plural',
      'XTODO prefix',
      'TODO_ underscore',
      '_TODO leading underscore',
      'TODO1 digit',
      'FIXME and TODO on one line',
      'TODOS then BUG later',
      '(HACK) in parens',
      'XXXX four',
      'XXX three',
      'DEBUG no',
      'BUGFIX no',
      'a-BUG-b yes',
      '\t\tFIXME: tabbed',
      'see TODO.md yes',
      'fixme lower',
      'HACK',
      'path/TODO/x',
      '"XXX"',
      'émigré TODO',
      'éTODO accent before',
      `${'long '.repeat(200)}TODO long line${' tail'.repeat(100)}`,
      'nothing to see',
      '',
    ];
    const files: Record<string, string | Buffer> = {};
    for (let f = 0; f < 36; f++) {
      const lines: string[] = [];
      for (let i = 0; i < 12; i++) lines.push(snippets[(f * 7 + i * 5) % snippets.length]!);
      const eol = f % 4 === 1 ? '\r\n' : '\n';
      const trailing = f % 5 === 2 ? '' : eol; // some files end without a newline
      const dir = ['', 'src/', 'src/lib/', 'docs/', 'with space/'][f % 5]!;
      files[`${dir}file-${f}.${['ts', 'py', 'md', 'txt'][f % 4]}`] = lines.join(eol) + trailing;
    }
    files['empty.ts'] = '';
    files['only.ts'] = 'TODO';
    files['cr-only.txt'] = 'one\rTODO two\rthree\r';
    files['bin/early.bin'] = Buffer.concat([Buffer.from('TODO\n'), Buffer.from([0, 1, 2]), Buffer.from('\nFIXME\n')]);
    files['bin/late.dat'] = Buffer.concat([Buffer.from('TODO\n'), Buffer.alloc(9000, 0x20), Buffer.from([0]), Buffer.from(' HACK\n')]);
    files['latin1.txt'] = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x54, 0x4f, 0x44, 0x4f, 0x0a, 0xff, 0x42, 0x55, 0x47, 0x0a]);
    files['ünï/cödé.ts'] = 'x\nHACK unicode path\n';
    files['attr.snap'] = 'TODO excluded by -diff in both\n';
    files['.gitattributes'] = '*.snap -diff\n';
    return files;
  }

  function gitGrepHits(root: string): string[] {
    let out: string;
    try {
      out = git(root, 'grep', '-n', '-z', '-I', '-E', '\\b(TODO|FIXME|HACK|XXX|BUG)\\b');
    } catch (err) {
      if ((err as { status?: number }).status === 1) return []; // no match
      throw err;
    }
    const found: string[] = [];
    for (const record of out.split('\n')) {
      if (!record) continue;
      const [file, line] = record.split('\0');
      found.push(`${file}:${line}`);
    }
    return found.sort();
  }

  it('finds exactly the file:line hits that git grep -I -E finds', async () => {
    const root = makeRepo('parity', parityFiles());
    expect(git(root, 'status', '--porcelain')).toBe(''); // everything committed, so both see the same files
    const expected = gitGrepHits(root);
    expect(expected.length).toBeGreaterThan(100);
    const r = await scanOk(root);
    expect(hits(r)).toEqual(expected);
    // The tag is the first whole-word marker on the line; the text never loses it.
    for (const m of r.markers) expect(m.text).toContain(m.tag);
  });
});

describe('scanRepo: a folder that is not a git repository', () => {
  it('walks the folder honouring .gitignore files, nested ones and negations', async () => {
    const root = freshDir('plain');
    writeFiles(root, {
      '.gitignore': '*.log\n!keep.log\nbuild/\n',
      'a.ts': 'TODO a\n',
      'x.log': 'TODO ignored log\n',
      'keep.log': 'FIXME kept log\n',
      'build/b.ts': 'TODO in ignored folder\n',
      'sub/.gitignore': 'secret.ts\n!important.log\n',
      'sub/secret.ts': 'TODO ignored by nested\n',
      'sub/important.log': 'HACK re-included by nested negation\n',
      'sub/ok.ts': 'XXX ok\n',
      'sub/inner/deeper.ts': 'BUG deep\n',
      'sub/inner/secret.ts': 'TODO ignored by the parent folder rule\n',
    });
    symlinkSync(join(root, 'a.ts'), join(root, 'link.ts'));
    const r = await scanOk(root);
    expect(r.fileSet).toBe('walk');
    expect(r.git).toEqual({ isRepo: false });
    expect(hits(r)).toEqual(['a.ts:1', 'keep.log:1', 'sub/important.log:1', 'sub/inner/deeper.ts:1', 'sub/ok.ts:1']);
  });
});

describe('scanRepo: bad paths', () => {
  it('reports a missing path as path_not_found', async () => {
    const r = await scanRepo(join(base, 'does', 'not', 'exist'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('path_not_found');
      expect(r.error.message).toMatch(/does not exist\.$/);
    }
  });

  it('reports a file as not_a_directory', async () => {
    const dir = freshDir('file-path');
    writeFiles(dir, { 'a.ts': 'TODO\n' });
    const r = await scanRepo(join(dir, 'a.ts'));
    expect(r).toMatchObject({ ok: false, error: { code: 'not_a_directory' } });
  });

  it('refuses a path with a NUL character', async () => {
    const r = await scanRepo(`${base}\0/x`);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_params' } });
  });
});

describe('scanRepo: git state', () => {
  it('reports the branch, head and the dirty and untracked counts', async () => {
    const root = makeRepo('state', { '.gitignore': '*.log\n', 'a.ts': 'a\n', 'b.ts': 'b\n', 'c.ts': 'c\n' });
    git(root, 'checkout', '-q', '-b', 'feature/x');
    writeFiles(root, { 'a.ts': 'changed\n', 'staged.ts': 'new\n' });
    git(root, 'add', 'staged.ts');
    rmSync(join(root, 'c.ts'));
    writeFiles(root, { 'u1.ts': '', 'dir/u2.ts': '', 'dir/u3.ts': '', 'ignored.log': '' });
    const head = git(root, 'rev-parse', 'HEAD').trim();
    const r = await scanOk(root);
    expect(r.git).toMatchObject({ isRepo: true, branch: 'feature/x', head, dirtyFiles: 3, untrackedFiles: 2 });
  });

  it('reports a detached head as branch null', async () => {
    const root = makeRepo('detached', { 'a.ts': 'a\n' });
    git(root, 'checkout', '-q', '--detach');
    const r = await scanOk(root);
    expect(r.git).toMatchObject({ isRepo: true, branch: null, dirtyFiles: 0, untrackedFiles: 0 });
    expect(r.git.head).toMatch(/^[0-9a-f]{40}$/);
  });

  it('reports a repo without commits with head null', async () => {
    const root = makeRepo('unborn', {}, { 'a.ts': 'TODO first\n' });
    const r = await scanOk(root);
    expect(r.git).toMatchObject({ isRepo: true, branch: 'main', head: null, dirtyFiles: 0, untrackedFiles: 1 });
    expect(hits(r)).toEqual(['a.ts:1']);
  });

  it('leaves the git state out with git: false', async () => {
    const root = makeRepo('nogit', { 'a.ts': 'TODO\n' });
    const r = await scanOk(root, { git: false });
    expect(r.git).toEqual({ isRepo: true });
    expect(r.fileSet).toBe('git');
    expect(hits(r)).toEqual(['a.ts:1']);
  });
});

describe('scanRepo: hostile repo config', () => {
  /** Makes the committed files look modified-but-same-size, so git status must hash them (and run filters). */
  function makeRacy(root: string, files: string[]): void {
    const later = new Date(Date.now() + 60_000);
    for (const f of files) utimesSync(join(root, f), later, later);
  }

  it('runs no fsmonitor hook, filter driver or pager the repo configured', async () => {
    const canaries = freshDir('canaries');
    const canary = (name: string) => join(canaries, name);
    const root = makeRepo('hostile', {
      '.gitattributes': '*.txt filter=evil\n*.md filter=a=b\n',
      'a.txt': 'TODO a\n',
      'b.md': 'FIXME b\n',
    });
    git(root, 'config', 'core.fsmonitor', `touch ${canary('canary-fsmonitor')}`);
    git(root, 'config', 'filter.evil.clean', `touch ${canary('canary-clean')}; cat`);
    git(root, 'config', 'filter.evil.smudge', `touch ${canary('canary-smudge')}; cat`);
    git(root, 'config', 'filter.evil.required', 'true');
    // `-c` splits at the first '=', so a driver named a=b cannot be overridden with -c.
    git(root, 'config', 'filter.a=b.clean', `touch ${canary('canary-eq-clean')}; cat`);
    git(root, 'config', 'core.pager', `touch ${canary('canary-pager')}; cat`);
    git(root, 'config', 'core.hooksPath', canaries);
    git(root, 'config', 'diff.external', `touch ${canary('canary-diff')}`);
    makeRacy(root, ['a.txt', 'b.md']);

    const r = await scanOk(root);
    expect(hits(r)).toEqual(['a.txt:1', 'b.md:1']);
    expect(r.git.isRepo).toBe(true);
    for (const name of ['canary-fsmonitor', 'canary-clean', 'canary-smudge', 'canary-eq-clean', 'canary-pager', 'canary-diff']) {
      expect(existsSync(canary(name)), name).toBe(false);
    }

    // Control: the same repo does run them under a plain `git status`, so the canaries are live.
    git(root, 'status', '--porcelain');
    expect(existsSync(canary('canary-fsmonitor'))).toBe(true);
    expect(existsSync(canary('canary-clean'))).toBe(true);
    expect(existsSync(canary('canary-eq-clean'))).toBe(true);
  });

  it('reports branch and counts when every filter driver can be neutralized', async () => {
    const canaries = freshDir('canaries-ok');
    const root = makeRepo('hostile-ok', { '.gitattributes': '*.txt filter=evil\n', 'a.txt': 'TODO a\n' });
    git(root, 'config', 'filter.evil.clean', `touch ${join(canaries, 'clean')}; cat`);
    git(root, 'config', 'filter.evil.process', `touch ${join(canaries, 'process')}`);
    makeRacy(root, ['a.txt']);
    const r = await scanOk(root);
    expect(r.git).toMatchObject({ isRepo: true, branch: 'main', dirtyFiles: 0, untrackedFiles: 0 });
    expect(existsSync(join(canaries, 'clean'))).toBe(false);
    expect(existsSync(join(canaries, 'process'))).toBe(false);
  });

  it('runs no filter driver configured inside a submodule', async () => {
    const canaries = freshDir('canaries-sub');
    const inner = makeRepo('inner', { '.gitattributes': '*.txt filter=evil\n', 'a.txt': 'TODO inner\n' });
    const root = makeRepo('outer', { 'x.ts': 'x\n' });
    git(root, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner, 'sub');
    git(root, 'commit', '-q', '-m', 'add submodule');
    git(join(root, 'sub'), 'config', 'filter.evil.clean', `touch ${join(canaries, 'sub-clean')}; cat`);
    makeRacy(root, ['sub/a.txt']);
    const r = await scanOk(root);
    expect(r.git).toMatchObject({ isRepo: true, branch: 'main', dirtyFiles: 0 });
    expect(existsSync(join(canaries, 'sub-clean'))).toBe(false);

    // A submodule moved to another commit still counts as a changed file.
    git(join(root, 'sub'), 'commit', '-q', '--allow-empty', '-m', 'moved');
    const moved = await scanOk(root);
    expect(moved.git).toMatchObject({ dirtyFiles: 1 });
  });
});
