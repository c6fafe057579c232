/** Relevance of a signal to the goal: the goal's words found in its text, file and test names. */

const STOPWORDS = new Set([
  'the', 'and', 'for', 'with', 'from', 'that', 'this', 'into', 'when', 'then', 'than', 'not', 'are', 'was', 'but',
  'todo', 'fixme', 'hack', 'xxx', 'bug', 'src', 'lib', 'test', 'tests', 'spec', 'index',
]);

/** Lower-case words of three letters or more; camelCase and snake_case are split. */
export function wordsOf(text: string): Set<string> {
  const spaced = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  const out = new Set<string>();
  for (const w of spaced.toLowerCase().split(/[^a-z0-9]+/)) if (w.length > 2 && !STOPWORDS.has(w)) out.add(w);
  return out;
}

/**
 * How many goal words appear in the text (as a word or part of one: "csv" in "parseCsv",
 * "cache" in "cached"), as 0, 0.5 or 1. A substring test per goal word is cheap enough for
 * thousands of signals per plan.
 */
export function overlap(goalWords: ReadonlySet<string>, text: string): number {
  if (goalWords.size === 0) return 0;
  const lower = text.toLowerCase();
  let hits = 0;
  for (const w of goalWords) {
    if (lower.includes(w) && ++hits >= 2) return 1;
  }
  return hits / 2;
}
