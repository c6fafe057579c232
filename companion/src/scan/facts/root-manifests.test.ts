import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRootManifests, readSmallFile } from './root-manifests';

let dir: string;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'sp-facts-manifests-')));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readSmallFile', () => {
  it('reads a regular file', () => {
    writeFileSync(join(dir, 'a.txt'), 'héllo');
    expect(readSmallFile(join(dir, 'a.txt'))).toBe('héllo');
  });

  it('refuses a file over the cap', () => {
    writeFileSync(join(dir, 'big.txt'), 'x'.repeat(11));
    expect(readSmallFile(join(dir, 'big.txt'), 10)).toBeNull();
    expect(readSmallFile(join(dir, 'big.txt'), 11)).toBe('x'.repeat(11));
  });

  it('never follows a symlink', () => {
    writeFileSync(join(dir, 'real.json'), '{}');
    symlinkSync(join(dir, 'real.json'), join(dir, 'link.json'));
    expect(readSmallFile(join(dir, 'link.json'))).toBeNull();
  });

  it('gives null for a folder, a missing file and a FIFO', () => {
    mkdirSync(join(dir, 'folder'));
    expect(readSmallFile(join(dir, 'folder'))).toBeNull();
    expect(readSmallFile(join(dir, 'missing'))).toBeNull();
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [join(dir, 'fifo')]);
      expect(readSmallFile(join(dir, 'fifo'))).toBeNull();
    }
  });
});

describe('readRootManifests', () => {
  it('reads only the manifests the file list names', () => {
    writeFileSync(join(dir, 'package.json'), '{"name":"x"}');
    writeFileSync(join(dir, 'pyproject.toml'), '[project]');
    expect(readRootManifests(dir, new Set(['package.json']))).toEqual({ packageJson: '{"name":"x"}', pyproject: null, makefile: null });
  });

  it("picks the Makefile make would use", () => {
    writeFileSync(join(dir, 'GNUmakefile'), 'gnu:');
    writeFileSync(join(dir, 'Makefile'), 'plain:');
    expect(readRootManifests(dir, new Set(['Makefile', 'GNUmakefile'])).makefile).toBe('gnu:');
    expect(readRootManifests(dir, new Set(['Makefile'])).makefile).toBe('plain:');
  });

  it('gives null for a listed manifest that is gone', () => {
    expect(readRootManifests(dir, new Set(['package.json', 'Makefile', 'pyproject.toml']))).toEqual({
      packageJson: null,
      pyproject: null,
      makefile: null,
    });
  });
});
