import { describe, expect, it } from 'vitest';
import { FILE_LIST_LIMIT, parsePorcelainV2 } from './parse-status';

const z = (...entries: string[]) => `${entries.join('\0')}\0`;
const OID = 'a'.repeat(40);
const modes = '100644 100644 100644';
const hashes = `${'1'.repeat(40)} ${'2'.repeat(40)}`;

describe('parsePorcelainV2', () => {
  it('reads the branch headers, upstream and ahead/behind', () => {
    const s = parsePorcelainV2(
      z(`# branch.oid ${OID}`, '# branch.head feature/x', '# branch.upstream origin/feature/x', '# branch.ab +3 -12'),
    );
    expect(s).toMatchObject({ head: OID, branch: 'feature/x', upstream: 'origin/feature/x', ahead: 3, behind: 12 });
    expect(s.counts).toEqual({ staged: 0, unstaged: 0, untracked: 0, conflicted: 0 });
    expect(s.changedTracked).toBe(0);
  });

  it('reads an unborn branch, a detached head and a gone upstream', () => {
    expect(parsePorcelainV2(z('# branch.oid (initial)', '# branch.head main'))).toMatchObject({ head: null, branch: 'main', upstream: null });
    const detached = parsePorcelainV2(z(`# branch.oid ${OID}`, '# branch.head (detached)'));
    expect(detached).toMatchObject({ head: OID, branch: null });
    // An upstream whose branch was deleted on the remote has no branch.ab line.
    const gone = parsePorcelainV2(z(`# branch.oid ${OID}`, '# branch.head main', '# branch.upstream origin/main'));
    expect(gone.upstream).toBe('origin/main');
    expect(gone.ahead).toBeUndefined();
    expect(gone.behind).toBeUndefined();
  });

  it('sorts ordinary entries into staged and unstaged by X and Y, keeping XY and paths with spaces', () => {
    const s = parsePorcelainV2(
      z(
        '# branch.oid (initial)',
        '# branch.head main',
        `1 M. N... ${modes} ${hashes} staged.ts`,
        `1 .M N... ${modes} ${hashes} unstaged.ts`,
        `1 MM N... ${modes} ${hashes} both ways.ts`,
        `1 A. N... 000000 100644 100644 ${hashes} dir/new file.ts`,
        `1 .D N... ${modes} ${hashes} gone.ts`,
        `1 .M SC.. 160000 160000 160000 ${hashes} sub`,
      ),
    );
    expect(s.staged).toEqual([
      { file: 'staged.ts', status: 'M.' },
      { file: 'both ways.ts', status: 'MM' },
      { file: 'dir/new file.ts', status: 'A.' },
    ]);
    expect(s.unstaged).toEqual([
      { file: 'unstaged.ts', status: '.M' },
      { file: 'both ways.ts', status: 'MM' },
      { file: 'gone.ts', status: '.D' },
      { file: 'sub', status: '.M' },
    ]);
    expect(s.counts).toEqual({ staged: 3, unstaged: 4, untracked: 0, conflicted: 0 });
    expect(s.changedTracked).toBe(6);
  });

  it('reads a rename with its original path in the next field, and unmerged, untracked and ignored entries', () => {
    const s = parsePorcelainV2(
      z(
        `2 R. N... ${modes} ${hashes} R100 new name.ts`,
        'old name.ts',
        `u UU N... 100644 100644 100644 100644 ${hashes} ${'3'.repeat(40)} both edited.ts`,
        `u AA N... 000000 100644 100644 100644 ${hashes} ${'3'.repeat(40)} added.ts`,
        '? untracked file.ts',
        '? dir/',
        '! ignored.log',
      ),
    );
    expect(s.staged).toEqual([{ file: 'new name.ts', status: 'R.' }]);
    expect(s.unstaged).toEqual([]);
    expect(s.conflicted).toEqual(['both edited.ts', 'added.ts']);
    expect(s.untracked).toEqual(['untracked file.ts', 'dir/']);
    expect(s.counts).toEqual({ staged: 1, unstaged: 0, untracked: 2, conflicted: 2 });
    expect(s.changedTracked).toBe(3);
  });

  it('cuts each list at the limit and keeps the counts exact', () => {
    const n = FILE_LIST_LIMIT + 5;
    const entries: string[] = [];
    for (let i = 0; i < n; i++) {
      entries.push(`1 MM N... ${modes} ${hashes} f${i}.ts`, `? u${i}.ts`, `u UU N... 100644 100644 100644 100644 ${hashes} ${hashes.slice(0, 40)} c${i}.ts`);
    }
    const s = parsePorcelainV2(z(...entries));
    expect(s.counts).toEqual({ staged: n, unstaged: n, untracked: n, conflicted: n });
    expect(s.staged).toHaveLength(FILE_LIST_LIMIT);
    expect(s.unstaged).toHaveLength(FILE_LIST_LIMIT);
    expect(s.untracked).toHaveLength(FILE_LIST_LIMIT);
    expect(s.conflicted).toHaveLength(FILE_LIST_LIMIT);
    expect(s.untracked.at(-1)).toBe(`u${FILE_LIST_LIMIT - 1}.ts`);
    expect(s.changedTracked).toBe(2 * n);
  });

  it('skips truncated or unknown entries instead of throwing', () => {
    const s = parsePorcelainV2(z('1 M. N...', 'u UU', '# branch.ab nonsense', 'x what', '', `1 .M N... ${modes} ${hashes} ok.ts`));
    expect(s.unstaged).toEqual([{ file: 'ok.ts', status: '.M' }]);
    expect(s.changedTracked).toBe(1);
    expect(s.ahead).toBeUndefined();
    expect(parsePorcelainV2('').counts).toEqual({ staged: 0, unstaged: 0, untracked: 0, conflicted: 0 });
  });
});
