import { describe, expect, it } from 'vitest';
import { mdInline } from './markdown-inline';

describe('mdInline', () => {
  it('escapes what Markdown or HTML would act on and keeps one line', () => {
    expect(mdInline('<img src=x onerror=alert(1)>\n[a](javascript:x) *b* `c` # d')).toBe(
      '\\<img src=x onerror=alert\\(1\\)\\> \\[a\\]\\(javascript:x\\) \\*b\\* \\`c\\` \\# d',
    );
  });
  it('cuts long text', () => {
    expect(mdInline('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
