/** Each file list is cut at this many entries; the counts stay exact. */
export const FILE_LIST_LIMIT = 200;

export interface ChangedFile {
  file: string;
  /** Porcelain v2 XY, e.g. "M." staged, ".M" unstaged. */
  status: string;
}

export interface PorcelainStatus {
  branch: string | null;
  head: string | null;
  upstream: string | null;
  /** Absent without an upstream, or when the upstream is gone. */
  ahead?: number;
  behind?: number;
  staged: ChangedFile[];
  unstaged: ChangedFile[];
  untracked: string[];
  conflicted: string[];
  counts: { staged: number; unstaged: number; untracked: number; conflicted: number };
  /** Distinct tracked paths with any change (staged, unstaged or conflicted). */
  changedTracked: number;
}

/** Text after the first `n` space-separated fields: the path, which may itself contain spaces. */
function afterFields(entry: string, n: number): string | null {
  let at = 0;
  for (let i = 0; i < n; i++) {
    at = entry.indexOf(' ', at);
    if (at < 0) return null;
    at++;
  }
  return at < entry.length ? entry.slice(at) : null;
}

/**
 * Parses `git status --porcelain=v2 --branch -z`. Paths are relative to the repository's top,
 * as git prints them. Lines it does not recognise are skipped, never thrown on.
 */
export function parsePorcelainV2(output: string): PorcelainStatus {
  const s: PorcelainStatus = {
    branch: null,
    head: null,
    upstream: null,
    staged: [],
    unstaged: [],
    untracked: [],
    conflicted: [],
    counts: { staged: 0, unstaged: 0, untracked: 0, conflicted: 0 },
    changedTracked: 0,
  };
  const entries = output.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const kind = entry.slice(0, 2);
    if (kind === '# ') readHeader(s, entry.slice(2));
    else if (kind === '1 ' || kind === '2 ') {
      // A rename/copy ('2') carries its original path in the next NUL-separated field.
      if (kind === '2 ') i++;
      const file = afterFields(entry, kind === '1 ' ? 8 : 9);
      const xy = entry.slice(2, 4);
      if (file === null || xy.length !== 2) continue;
      s.changedTracked++;
      if (xy[0] !== '.') {
        if (s.counts.staged++ < FILE_LIST_LIMIT) s.staged.push({ file, status: xy });
      }
      if (xy[1] !== '.') {
        if (s.counts.unstaged++ < FILE_LIST_LIMIT) s.unstaged.push({ file, status: xy });
      }
    } else if (kind === 'u ') {
      const file = afterFields(entry, 10);
      if (file === null) continue;
      s.changedTracked++;
      if (s.counts.conflicted++ < FILE_LIST_LIMIT) s.conflicted.push(file);
    } else if (kind === '? ') {
      if (s.counts.untracked++ < FILE_LIST_LIMIT) s.untracked.push(entry.slice(2));
    }
  }
  return s;
}

function readHeader(s: PorcelainStatus, header: string): void {
  const space = header.indexOf(' ');
  if (space < 0) return;
  const key = header.slice(0, space);
  const value = header.slice(space + 1);
  if (key === 'branch.oid') s.head = value === '(initial)' ? null : value;
  else if (key === 'branch.head') s.branch = value === '(detached)' ? null : value;
  else if (key === 'branch.upstream') s.upstream = value;
  else if (key === 'branch.ab') {
    const m = /^\+(\d+) -(\d+)$/.exec(value);
    if (m) {
      s.ahead = Number(m[1]);
      s.behind = Number(m[2]);
    }
  }
}
