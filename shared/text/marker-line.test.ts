import { describe, expect, it } from 'vitest';
import { markerText, MAX_MARKER_TEXT } from './marker-line';


describe('markerText', () => {
  it('returns short lines trimmed', () => {
    expect(markerText('   TODO x   ', 3)).toBe('TODO x');
  });
});
