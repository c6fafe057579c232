export interface DiffStat {
  files: number;
  insertions: number;
  deletions: number;
}

/** Parses `git diff --shortstat` (LC_ALL=C): " 3 files changed, 10 insertions(+), 2 deletions(-)"; empty means no change. */
export function parseShortstat(output: string): DiffStat {
  const count = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);
  return {
    files: count(/(\d+) files? changed/),
    insertions: count(/(\d+) insertions?\(\+\)/),
    deletions: count(/(\d+) deletions?\(-\)/),
  };
}
