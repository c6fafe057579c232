/**
 * Untrusted multi-line text as a fenced Markdown code block: shown exactly as written, never read
 * as Markdown or HTML. The fence is longer than any backtick run inside, so the text cannot close it.
 */
export function mdFence(text: string, info = ''): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  // The info string is ours (a language word); keep it to letters so it cannot smuggle anything.
  const lang = /^[a-z]+$/i.test(info) ? info : '';
  return `${fence}${lang}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}
