import { describe, expect, it } from 'vitest';
import { GithubRepoSchema, WorkspaceDraftSchema, WorkspaceSchema } from './workspace';

const draft = (over: Record<string, unknown> = {}) => ({ name: 'project', path: '/home/you/code/project', ...over });

function firstMessage(input: unknown): string | undefined {
  const r = WorkspaceDraftSchema.safeParse(input);
  return r.success ? undefined : r.error.issues[0]?.message;
}

describe('WorkspaceDraftSchema', () => {
  it('accepts an absolute POSIX path and trims name and path', () => {
    const r = WorkspaceDraftSchema.parse(draft({ name: '  project  ', path: '  /srv/app  ' }));
    expect(r).toEqual({ name: 'project', path: '/srv/app', githubRepo: undefined });
  });

  it('accepts Windows drive paths with either slash', () => {
    expect(WorkspaceDraftSchema.safeParse(draft({ path: 'C:\\x' })).success).toBe(true);
    expect(WorkspaceDraftSchema.safeParse(draft({ path: 'd:/code/app' })).success).toBe(true);
  });

  it.each(['code/project', './project', '../project', '~/project', 'C:project', 'project'])(
    'rejects the relative path %j with a sentence naming absolute paths',
    (path) => {
      expect(firstMessage(draft({ path }))).toMatch(/absolute path/);
    },
  );

  it('rejects an empty or blank path', () => {
    expect(firstMessage(draft({ path: '' }))).toBe('Enter the folder of your local repository.');
    expect(firstMessage(draft({ path: '   ' }))).toBe('Enter the folder of your local repository.');
  });

  it('rejects a path with a NUL character', () => {
    const r = WorkspaceDraftSchema.safeParse(draft({ path: '/home/you/a\0b' }));
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toContain('The path contains a NUL character.');
  });

  it('rejects an overlong path', () => {
    expect(firstMessage(draft({ path: `/${'a'.repeat(4096)}` }))).toBe('That path is too long.');
  });

  it('rejects an empty, blank or overlong name', () => {
    expect(firstMessage(draft({ name: '' }))).toBe('Give the workspace a name.');
    expect(firstMessage(draft({ name: ' \t ' }))).toBe('Give the workspace a name.');
    expect(firstMessage(draft({ name: 'n'.repeat(101) }))).toBe('Keep the name under 100 characters.');
    expect(WorkspaceDraftSchema.safeParse(draft({ name: 'n'.repeat(100) })).success).toBe(true);
  });

  it('rejects non-string fields and a missing path', () => {
    expect(WorkspaceDraftSchema.safeParse({ name: 'x' }).success).toBe(false);
    expect(WorkspaceDraftSchema.safeParse(draft({ path: 42 })).success).toBe(false);
    expect(WorkspaceDraftSchema.safeParse(null).success).toBe(false);
  });

  it('turns an empty or blank githubRepo into undefined', () => {
    expect(WorkspaceDraftSchema.parse(draft({ githubRepo: '' })).githubRepo).toBeUndefined();
    expect(WorkspaceDraftSchema.parse(draft({ githubRepo: '   ' })).githubRepo).toBeUndefined();
    expect(WorkspaceDraftSchema.parse(draft()).githubRepo).toBeUndefined();
  });

  it('keeps a valid githubRepo, trimmed', () => {
    expect(WorkspaceDraftSchema.parse(draft({ githubRepo: ' octocat/hello-world ' })).githubRepo).toBe('octocat/hello-world');
  });

  it.each(['a/b/c', '-owner/repo', 'owner/..', 'owner/.', 'owner', 'owner/', '/repo'])('rejects the githubRepo %j', (githubRepo) => {
    expect(firstMessage(draft({ githubRepo }))).toMatch(/owner\/repo/);
  });
});

describe('GithubRepoSchema', () => {
  it.each([
    'octocat/hello-world',
    'a/b',
    'A1-b2/x.y_z-w',
    'owner/.github',
    'owner/...',
    'owner/..x',
    `${'o'.repeat(39)}/repo`,
    `owner/${'r'.repeat(100)}`,
  ])('accepts %j', (repo) => {
    expect(GithubRepoSchema.safeParse(repo).success).toBe(true);
  });

  it.each([
    '',
    'a/b/c',
    '-owner/repo',
    'owner-/repo',
    'ow--ner/repo',
    'ow_ner/repo',
    'own.er/repo',
    'owner/..',
    'owner/.',
    'owner/re po',
    'owner/re/po',
    'https://github.com/owner/repo',
    `${'o'.repeat(40)}/repo`,
    `owner/${'r'.repeat(101)}`,
  ])('rejects %j', (repo) => {
    expect(GithubRepoSchema.safeParse(repo).success).toBe(false);
  });

  it('trims surrounding whitespace before checking', () => {
    expect(GithubRepoSchema.parse(' owner/repo\n')).toBe('owner/repo');
  });

  it('gives one readable sentence', () => {
    const r = GithubRepoSchema.safeParse('nope');
    expect(r.error?.issues[0]?.message).toBe(
      'The GitHub repository must look like owner/repo (for example octocat/hello-world).',
    );
  });
});

describe('WorkspaceSchema', () => {
  it('accepts a stored workspace and rejects a bad githubRepo or timestamp', () => {
    const ws = { id: 'w1', name: 'p', path: '/p', createdAt: 1, updatedAt: 2 };
    expect(WorkspaceSchema.safeParse(ws).success).toBe(true);
    expect(WorkspaceSchema.safeParse({ ...ws, githubRepo: 'a/b' }).success).toBe(true);
    expect(WorkspaceSchema.safeParse({ ...ws, githubRepo: 'a/b/c' }).success).toBe(false);
    expect(WorkspaceSchema.safeParse({ ...ws, createdAt: -1 }).success).toBe(false);
    expect(WorkspaceSchema.safeParse({ ...ws, id: '' }).success).toBe(false);
  });
});

describe('workspace extra marker words', () => {
  it('turns "NOTE, OPTIMIZE" into a list and an empty field into none', () => {
    expect(WorkspaceDraftSchema.parse({ name: 'a', path: '/a', extraTags: 'NOTE, OPTIMIZE NOTE' }).extraTags).toEqual(['NOTE', 'OPTIMIZE']);
    expect(WorkspaceDraftSchema.parse({ name: 'a', path: '/a', extraTags: '  ' }).extraTags).toBeUndefined();
  });

  it('refuses words that are not plain marker words, with one sentence', () => {
    for (const bad of ['-x', 'a.b', 'x'.repeat(33), '<img>']) {
      const r = WorkspaceDraftSchema.safeParse({ name: 'a', path: '/a', extraTags: bad });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/Extra marker words/);
    }
  });
});
