import { describe, expect, it } from 'vitest';
import { enclosingContext } from './enclosing-context';

/** The context of the line holding `marker` (ASCII texts: byte and character offsets agree). */
function at(text: string, marker: string, file = 'a.ts') {
  const lineStart = text.lastIndexOf('\n', text.indexOf(marker)) + 1;
  return enclosingContext(Buffer.from(text), lineStart, file);
}

describe('enclosingContext', () => {
  it('finds the nearest function, arrow, class or method above a marker', () => {
    expect(at('export async function total(items) {\n  const x = 1;\n  // TODO here\n}\n', 'TODO')).toBe('total');
    expect(at('export const sum = (a: number) => {\n  // FIXME\n};\n', 'FIXME')).toBe('sum');
    expect(at('class Cart {\n  private add(item) {\n    // HACK\n  }\n}\n', 'HACK')).toBe('add');
    expect(at('def parse(text):\n    # TODO\n', 'TODO', 'p.py')).toBe('parse');
    expect(at('func (s *Server) Serve() {\n\t// XXX\n}\n', 'XXX', 's.go')).toBe('Serve');
    expect(at('pub fn run() {\n    // BUG\n}\n', 'BUG', 'r.rs')).toBe('run');
  });

  it('uses the nearest heading in Markdown', () => {
    expect(at('# Guide\n\n## Install\n\nTODO: write this\n', 'TODO', 'README.md')).toBe('Install');
  });

  it('says nothing at the top of a file or when nothing fits', () => {
    expect(at('// TODO first line\n', 'TODO')).toBeUndefined();
    expect(at('const a = 1;\nif (a) {\n  // TODO\n}\n', 'TODO')).toBeUndefined();
  });
});
