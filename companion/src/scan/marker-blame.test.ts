import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blameLine } from './marker-blame';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'sp-blame-')));
  dirs.push(root);
  writeFileSync(join(root, 'a.ts'), 'one\n// TODO two\n');
  const git = (...a: string[]) => execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...a], { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'add a');
  return root;
}

describe('blameLine', () => {
  it('names the author, time and commit of a committed line, and says when a line is not committed', async () => {
    const root = repo();
    const r = await blameLine(root, 'a.ts', 2);
    expect(r).toMatchObject({ ok: true, value: { author: 'Ada', summary: 'add a' } });
    expect(r.ok && Math.abs(Date.now() - (r.value.authoredAt ?? 0))).toBeLessThan(120_000);
    writeFileSync(join(root, 'a.ts'), 'one\n// TODO two\n// FIXME three\n');
    expect(await blameLine(root, 'a.ts', 3)).toEqual({ ok: true, value: { author: 'Not committed yet' } });
  });

  it('refuses paths that leave the workspace or read as options', async () => {
    const root = repo();
    const outside = mkdtempSync(join(tmpdir(), 'sp-blame-out-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'secret.ts'), 'x\n');
    symlinkSync(join(outside, 'secret.ts'), join(root, 'link.ts'));
    for (const file of ['../x.ts', '-L', '--output=/tmp/x', '/etc/passwd', 'link.ts', 'missing.ts', 'a.ts\0x']) {
      expect((await blameLine(root, file, 1)).ok).toBe(false);
    }
    expect((await blameLine(root, 'a.ts', 0)).ok).toBe(false);
  });

  it('never runs a filter driver the repo configures (canary)', async () => {
    const root = repo();
    const canary = join(root, '..', `canary-${Date.now()}`);
    execFileSync('git', ['config', 'filter.evil.clean', `touch ${canary}`], { cwd: root });
    writeFileSync(join(root, '.gitattributes'), '*.ts filter=evil\n');
    writeFileSync(join(root, 'a.ts'), 'one\n// TODO two\nthree\n'); // plain `git blame` would now run the clean filter
    await blameLine(root, 'a.ts', 2);
    expect(existsSync(canary)).toBe(false);
  });
});
