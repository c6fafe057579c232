/**
 * Untrusted text (TODO lines, test names, issue titles) as one line of inert Markdown: whitespace
 * collapsed, and every character Markdown or HTML could act on escaped with a backslash, so a
 * title like `<img onerror=…>` or `[x](javascript:…)` stays literal text wherever it is rendered.
 */
export function mdInline(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  // Brackets are escaped, so "(…)" can never become a link target; "#", "+", "-" and "1." matter
  // only at the start, where they would open a heading or a list.
  return cut.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`).replace(/^([#+-]|\d+[.)])/, '\\$1');
}
