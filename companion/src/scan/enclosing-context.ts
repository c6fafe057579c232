/**
 * The function, class or heading a marker sits in, found by looking up from its line — a cheap
 * heuristic for the common languages, not a parser. Only run for lines that hold a marker.
 */
const CODE_PATTERNS: RegExp[] = [
  /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/, // JS/TS function
  /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=>/, // arrow
  /^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/, // class (JS/TS/Python-ish)
  /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/, // Python
  /^\s*class\s+([A-Za-z_]\w*)/, // Python/Ruby class
  /^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)/, // Go
  /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+([A-Za-z_]\w*)/, // Rust
  /^\s*def\s+(?:self\.)?([A-Za-z_]\w*[!?]?)/, // Ruby
  /^\s*(?:(?:public|private|protected|static|async|override|readonly)\s+)+([A-Za-z_$][\w$]*)\s*\(/, // methods with a modifier
];
/** A word every pattern above needs: lines without one (most) skip the nine patterns. */
const MAY_DECLARE = /func|=>|class|def|fn|public|private|protected|static|async|override|readonly/;
const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const LOOK_BACK_BYTES = 16 * 1024;
const MAX_CONTEXT = 80;

function isMarkdown(file: string): boolean {
  return /\.(md|markdown|mdx)$/i.test(file);
}

/** `lineStart` is the byte offset of the marker's line in `buf`. */
export function enclosingContext(buf: Buffer, lineStart: number, file: string): string | undefined {
  if (lineStart === 0) return undefined;
  const from = Math.max(0, lineStart - LOOK_BACK_BYTES);
  const lines = buf.toString('utf8', from, lineStart).split('\n');
  if (from > 0) lines.shift(); // a cut first line would mislead
  const markdown = isMarkdown(file);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (markdown) {
      const h = HEADING.exec(line);
      if (h) return h[2]!.slice(0, MAX_CONTEXT);
      continue;
    }
    if (!MAY_DECLARE.test(line)) continue;
    for (const p of CODE_PATTERNS) {
      const m = p.exec(line);
      if (m?.[1]) return m[1].slice(0, MAX_CONTEXT);
    }
  }
  return undefined;
}
