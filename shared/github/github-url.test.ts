import { describe, expect, it } from 'vitest';
import { parseGithubUrl, repoKey } from './github-url';

describe('parseGithubUrl', () => {
  it('knows repo homes, issues, pull requests and their lists', () => {
    expect(parseGithubUrl('https://github.com/octo/app')).toEqual({ kind: 'repo', owner: 'octo', repo: 'app' });
    expect(parseGithubUrl('https://github.com/octo/app/issues/42?x=1#c')).toEqual({ kind: 'issue', owner: 'octo', repo: 'app', number: 42 });
    expect(parseGithubUrl('https://github.com/octo/app/pull/7/files')).toEqual({ kind: 'pr', owner: 'octo', repo: 'app', number: 7 });
    expect(parseGithubUrl('https://github.com/octo/app/pulls')).toEqual({ kind: 'pulls', owner: 'octo', repo: 'app' });
    expect(parseGithubUrl('https://github.com/octo/app/issues')).toEqual({ kind: 'issues', owner: 'octo', repo: 'app' });
  });

  it('treats anything else as other', () => {
    for (const u of ['https://github.com/', 'https://github.com/settings/profile', 'https://github.com.evil.example/octo/app', 'http://github.com/octo/app', 'https://github.com/octo/app/blob/main/a.ts', 'not a url', 'https://github.com/octo/app/issues/12abc', 'https://github.com:8443/octo/app', 'https://github.com@evil.example/octo/app', 'HTTPS://github.com/octo/app']) {
      expect(parseGithubUrl(u)).toEqual({ kind: 'other' });
    }
  });

  it('keys repos case-insensitively', () => {
    expect(repoKey('Octo', 'App')).toBe('octo/app');
  });
});
