import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listGitFiles } from './git-file-set';
import { HitReader } from './hit-reader';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sp-hits-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'a.ts'), 'TODO a\n');
  writeFileSync(join(dir, 'big.ts'), `FIXME big\n${'x'.repeat(200)}\n`);
  writeFileSync(join(dir, 'gen.ts'), 'HACK generated\n');
  writeFileSync(join(dir, '.gitattributes'), 'gen.ts linguist-generated\n');
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  execFileSync('git', ['init', '-q'], { cwd: dir, env });
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  return dir;
}

const settle = () => new Promise((r) => setImmediate(r));

describe('HitReader', () => {
  it('holds names until the file set is known, then reads those in the set and under the cap', async () => {
    const root = repo();
    const files = (await listGitFiles(root))!;
    const reader = new HitReader(root, []);
    reader.push('a.ts');
    reader.push('big.ts');
    await settle();
    expect(reader.outcomes.size).toBe(0);
    reader.start(files, 100);
    reader.push('gen.ts');
    reader.push('a.ts');
    await settle();
    expect([...reader.outcomes.keys()]).toEqual(['a.ts']);
    expect(reader.outcomes.get('a.ts')?.markers).toEqual([[1, 'TODO', 'TODO a']]);
  });

  it('reads nothing more once stopped', async () => {
    const root = repo();
    const reader = new HitReader(root, []);
    reader.start((await listGitFiles(root))!, 1_000);
    reader.stop();
    reader.push('a.ts');
    await settle();
    expect(reader.outcomes.size).toBe(0);
  });
});
