import { describe, expect, it } from 'vitest';
import { parseShortstat } from './parse-diff-stat';
import { parseUpstreamTrack } from './parse-upstream-track';

describe('parseShortstat', () => {
  it('reads files, insertions and deletions in singular and plural', () => {
    expect(parseShortstat(' 3 files changed, 10 insertions(+), 2 deletions(-)\n')).toEqual({ files: 3, insertions: 10, deletions: 2 });
    expect(parseShortstat(' 1 file changed, 1 insertion(+), 1 deletion(-)\n')).toEqual({ files: 1, insertions: 1, deletions: 1 });
  });

  it('reads a stat with only insertions, only deletions, or neither (a mode change, a binary file)', () => {
    expect(parseShortstat(' 2 files changed, 7 insertions(+)\n')).toEqual({ files: 2, insertions: 7, deletions: 0 });
    expect(parseShortstat(' 1 file changed, 4 deletions(-)\n')).toEqual({ files: 1, insertions: 0, deletions: 4 });
    expect(parseShortstat(' 1 file changed\n')).toEqual({ files: 1, insertions: 0, deletions: 0 });
  });

  it('reads no output as no change', () => {
    expect(parseShortstat('')).toEqual({ files: 0, insertions: 0, deletions: 0 });
  });
});

describe('parseUpstreamTrack', () => {
  it('reads ahead and behind, either alone, in step, and gone', () => {
    expect(parseUpstreamTrack('ahead 1, behind 2')).toEqual({ ahead: 1, behind: 2 });
    expect(parseUpstreamTrack('ahead 4')).toEqual({ ahead: 4, behind: 0 });
    expect(parseUpstreamTrack('behind 9')).toEqual({ ahead: 0, behind: 9 });
    expect(parseUpstreamTrack('')).toEqual({ ahead: 0, behind: 0 });
    expect(parseUpstreamTrack('gone')).toBeNull();
  });
});
