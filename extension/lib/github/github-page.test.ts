import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGithubPage, repoAnchor, titleAnchor } from './github-page';

function load(name: string): Document {
  const doc = document.implementation.createHTMLDocument('fixture');
  doc.documentElement.innerHTML = readFileSync(join(__dirname, 'fixtures', name), 'utf8').replace(/^<!DOCTYPE html>/i, '');
  return doc;
}

describe('GitHub selectors against the fixture pages', () => {
  it('reads a classic issue page: title, labels, where to put the button', () => {
    const doc = load('issue-classic.html');
    expect(readGithubPage('https://github.com/octo/app/issues/42', doc)).toEqual({
      location: { kind: 'issue', owner: 'octo', repo: 'app', number: 42 },
      title: 'Cart total is wrong for an empty cart',
      labels: ['bug', 'good first issue'],
      failingChecks: [],
      awaitedReviewers: [],
    });
    expect(titleAnchor(doc)?.tagName).toBe('H1');
  });

  it('reads the React issue view, keeping a hostile title as plain text', () => {
    const doc = load('issue-react.html');
    const page = readGithubPage('https://github.com/octo/app/issues/7', doc);
    expect(page.title).toBe('<img src=x onerror=alert(1)> Login loops forever');
    expect(page.labels).toEqual(['enhancement']);
    expect(titleAnchor(doc)?.getAttribute('data-component')).toBe('PH_Title');
  });

  it('reads failing checks and awaited reviews on a PR page', () => {
    const page = readGithubPage('https://github.com/octo/app/pull/9', load('pr-failing-checks.html'));
    expect(page).toMatchObject({ title: 'Add retries to the API client', labels: ['enhancement'], failingChecks: ['CI / test (20.x)', 'CI / e2e'], awaitedReviewers: ['octo'] });
  });

  it('knows a repo home and a PR list by their URLs', () => {
    const home = load('repo-home.html');
    expect(readGithubPage('https://github.com/octo/app', home).location).toEqual({ kind: 'repo', owner: 'octo', repo: 'app' });
    expect(repoAnchor(home)?.id).toBe('repository-container-header');
    expect(readGithubPage('https://github.com/octo/app/pulls', load('pr-list.html'))).toMatchObject({ location: { kind: 'pulls' }, title: null });
  });
});
