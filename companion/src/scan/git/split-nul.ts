/** NUL-separated git output (`-z`) as strings; empty fields dropped. */
export function splitNul(buf: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const end = buf.indexOf(0, start);
    if (end === -1) break;
    if (end > start) out.push(buf.toString('utf8', start, end));
    start = end + 1;
  }
  return out;
}

/** The same, keeping empty fields (check-attr's values can be empty). */
export function splitNulKeepEmpty(buf: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const end = buf.indexOf(0, start);
    if (end === -1) break;
    out.push(buf.toString('utf8', start, end));
    start = end + 1;
  }
  return out;
}
