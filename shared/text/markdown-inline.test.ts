import { describe, expect, it } from 'vitest';
import { mdInline } from './markdown-inline';

describe('mdInline', () => {
  it('escapes what Markdown or HTML would act on and keeps one line', () => {
    expect(mdInline('<img src=x onerror=alert(1)>\n[a](javascript:x) *b* `c` # d')).toBe(
      '\\<img src=x onerror=alert(1)\\> \\[a\\](javascript:x) \\*b\\* \\`c\\` # d',
    );
  });
  it('escapes a heading or list opener only at the start', () => {
    expect([mdInline('# title'), mdInline('- item'), mdInline('1. first'), mdInline('a - b #3')]).toEqual(['\\# title', '\\- item', '\\1. first', 'a - b #3']);
  });
  it('cuts long text', () => {
    expect(mdInline('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
