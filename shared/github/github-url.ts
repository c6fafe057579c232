/** What a github.com URL points at, from the URL alone (the page's markup may still be loading). */
export type GithubLocation =
  | { kind: 'repo'; owner: string; repo: string }
  | { kind: 'issue' | 'pr'; owner: string; repo: string; number: number }
  | { kind: 'issues' | 'pulls'; owner: string; repo: string }
  | { kind: 'other' };

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
/** First path segments that are GitHub's own pages, not owners. */
const RESERVED = new Set(['settings', 'notifications', 'orgs', 'marketplace', 'explore', 'topics', 'search', 'pulls', 'issues', 'login', 'logout', 'new', 'organizations', 'sponsors', 'features', 'codespaces', 'apps']);

/** https://github.com, an optional port-less path, then an optional query or fragment (no URL global in shared/). */
const GITHUB = /^https:\/\/github\.com(\/[^?#]*)?(?:[?#].*)?$/;

export function parseGithubUrl(raw: string): GithubLocation {
  const m = GITHUB.exec(raw);
  if (!m) return { kind: 'other' };
  const pathname = m[1] ?? '/';
  const [owner, repo, section, num] = pathname.split('/').filter(Boolean);
  if (!owner || !repo || RESERVED.has(owner) || !NAME.test(owner) || !NAME.test(repo) || repo === '.' || repo === '..') return { kind: 'other' };
  if (section === undefined) return { kind: 'repo', owner, repo };
  if ((section === 'issues' || section === 'pull') && num !== undefined && /^\d{1,9}$/.test(num)) {
    return { kind: section === 'issues' ? 'issue' : 'pr', owner, repo, number: Number(num) };
  }
  if (section === 'issues' && num === undefined) return { kind: 'issues', owner, repo };
  if (section === 'pulls' && num === undefined) return { kind: 'pulls', owner, repo };
  return { kind: 'other' };
}

/** "owner/repo", lower-cased: GitHub names are case-insensitive. */
export function repoKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}
