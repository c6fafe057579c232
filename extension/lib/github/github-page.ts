import { parseGithubUrl, type GithubLocation } from '../../../shared/github/github-url';

/**
 * Every GitHub selector SessionPilot uses, in one place beside the fixture pages (./fixtures) they
 * must match: when GitHub changes its markup, this file and those fixtures are the whole fix.
 * Each list holds the React view's selector and the classic one.
 */
export const SELECTORS = {
  /** The issue or PR title text. */
  title: ['[data-testid="issue-title"]', '.gh-header-title .js-issue-title', 'bdi.js-issue-title'],
  /** Where "Add to session" goes: after the title's heading. */
  titleHeading: ['h1[data-component="PH_Title"]', 'h1.gh-header-title'],
  /** Label names. */
  labels: ['[data-testid="issue-labels"] .prc-Token-Text', '.js-issue-labels .IssueLabel[data-name]'],
  /** One row per status check in a PR's merge box. */
  checkRow: ['.merge-status-list .merge-status-item'],
  checkFailed: ['svg.octicon-x', '[aria-label="failure"]'],
  checkName: ['strong'],
  /** A repo page's header (owner / name and the tabs): the repo panel goes after it. */
  repoHeader: ['#repository-container-header', 'main > header'],
  /** Reviewers whose review is awaited ("Awaiting requested review from octo"). */
  awaitedReview: ['.reviewers-status-icon[aria-label^="Awaiting requested review from "]'],
} as const;

export interface GithubPage {
  location: GithubLocation;
  title: string | null;
  labels: string[];
  /** Failing status checks (PR pages). */
  failingChecks: string[];
  /** Logins whose review is requested and not yet given (PR pages). */
  awaitedReviewers: string[];
}

function first(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const s of selectors) {
    const found = root.querySelector(s);
    if (found) return found;
  }
  return null;
}

function all(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const s of selectors) {
    const found = [...root.querySelectorAll(s)];
    if (found.length) return found;
  }
  return [];
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Where the title heading is, to place the page's own controls after it. */
export function titleAnchor(doc: Document): Element | null {
  return first(doc, SELECTORS.titleHeading);
}

export function repoAnchor(doc: Document): Element | null {
  return first(doc, SELECTORS.repoHeader);
}

/** Reads what SessionPilot needs from a GitHub page. Text only: nothing here is ever rendered as HTML. */
export function readGithubPage(url: string, doc: Document): GithubPage {
  const location = parseGithubUrl(url);
  const onItem = location.kind === 'issue' || location.kind === 'pr';
  const failingChecks: string[] = [];
  if (location.kind === 'pr') {
    for (const row of all(doc, SELECTORS.checkRow)) {
      if (first(row, SELECTORS.checkFailed)) failingChecks.push(text(first(row, SELECTORS.checkName)));
    }
  }
  const awaitedReviewers =
    location.kind === 'pr'
      ? all(doc, SELECTORS.awaitedReview).map((el) => (el.getAttribute('aria-label') ?? '').replace('Awaiting requested review from ', '').trim())
      : [];
  return {
    location,
    title: onItem ? text(first(doc, SELECTORS.title)) || null : null,
    labels: onItem ? [...new Set(all(doc, SELECTORS.labels).map((el) => el.getAttribute('data-name') ?? text(el)).filter(Boolean))] : [],
    failingChecks: failingChecks.filter(Boolean),
    awaitedReviewers: awaitedReviewers.filter(Boolean),
  };
}
