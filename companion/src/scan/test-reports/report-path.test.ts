import { describe, expect, it } from 'vitest';
import { toRootRelative } from './report-path';

describe('toRootRelative', () => {
  it('makes an absolute path inside the root relative', () => {
    expect(toRootRelative('/home/dev/shop/src/cart.test.ts', '/home/dev/shop')).toBe('src/cart.test.ts');
  });

  it('drops an absolute path outside the root instead of passing it on', () => {
    expect(toRootRelative('/home/dev/other/a.test.ts', '/home/dev/shop')).toBeUndefined();
    expect(toRootRelative('/home/dev/shop-old/a.test.ts', '/home/dev/shop')).toBeUndefined();
    expect(toRootRelative('/etc/passwd', undefined)).toBeUndefined();
  });

  it('keeps a file whose name starts with two dots', () => {
    expect(toRootRelative('/r/..weird.test.ts', '/r')).toBe('..weird.test.ts');
  });

  it('puts relative paths under the project folder they belong to', () => {
    expect(toRootRelative('tests/test_x.py', '/r', 'services/api')).toBe('services/api/tests/test_x.py');
    expect(toRootRelative('./src/a.test.ts', '/r')).toBe('src/a.test.ts');
  });

  it('turns Windows separators and file URLs into plain relative paths', () => {
    expect(toRootRelative('src\\cart.test.ts', '/r')).toBe('src/cart.test.ts');
    expect(toRootRelative('file:///home/dev/shop/src/a%20b.test.ts', '/home/dev/shop')).toBe('src/a b.test.ts');
  });

  it('gives undefined for no path', () => {
    expect(toRootRelative(undefined, '/r')).toBeUndefined();
    expect(toRootRelative('', '/r')).toBeUndefined();
  });
});
