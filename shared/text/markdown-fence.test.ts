import { describe, expect, it } from 'vitest';
import { mdFence } from './markdown-fence';

describe('mdFence', () => {
  it('wraps text in a fence longer than any backtick run inside it', () => {
    expect(mdFence('a\nb')).toBe('```\na\nb\n```');
    expect(mdFence('x ``` y ````` z')).toBe('``````\nx ``` y ````` z\n``````');
  });
  it('keeps only a plain language word as the info string', () => {
    expect(mdFence('ls', 'bash')).toBe('```bash\nls\n```');
    expect(mdFence('ls', 'x"><script>')).toBe('```\nls\n```');
  });
  it('normalizes line endings', () => {
    expect(mdFence('a\r\nb\rc')).toBe('```\na\nb\nc\n```');
  });
});
