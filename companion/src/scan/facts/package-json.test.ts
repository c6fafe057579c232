import { describe, expect, it } from 'vitest';
import { parsePackageJson } from './package-json';

describe('parsePackageJson', () => {
  it('reads the test script and the packageManager field', () => {
    expect(parsePackageJson('{"scripts":{"test":"vitest run"},"packageManager":"pnpm@9.1.0"}')).toEqual({
      testScript: 'vitest run',
      packageManager: 'pnpm@9.1.0',
    });
  });

  it('keeps what it can when a field has the wrong type', () => {
    expect(parsePackageJson('{"scripts":{"test":"jest"},"packageManager":7}')).toEqual({ testScript: 'jest' });
    expect(parsePackageJson('{"scripts":["test"],"packageManager":"yarn@4"}')).toEqual({ packageManager: 'yarn@4' });
    expect(parsePackageJson('{"scripts":{"test":true}}')).toEqual({});
  });

  it('accepts a byte-order mark', () => {
    expect(parsePackageJson('\uFEFF{"scripts":{"test":"ava"}}')).toEqual({ testScript: 'ava' });
  });

  it.each(['', '{', 'null', '[]', '"text"', '42', '{"scripts":'])('gives null for %j', (text) => {
    expect(parsePackageJson(text)).toBeNull();
  });
});
