import type { Commit } from '../../../../shared/domain/scan';
import { redactSecrets } from '../../../../shared/text/redact';

/** The `--format` that `parseLog` reads; with `-z` every commit ends in a NUL as well. */
export const LOG_FORMAT = '%H%x00%ct%x00%an%x00%s';

/**
 * Parses `git log -z --format=LOG_FORMAT`: hash, committer time (s), author name, subject.
 * Records whose hash or time do not look right are skipped; text is redacted at the source.
 */
export function parseLog(output: string): Commit[] {
  const fields = output.split('\0');
  const commits: Commit[] = [];
  for (let i = 0; i + 3 < fields.length; ) {
    const [hash, seconds, author, subject] = fields.slice(i, i + 4) as [string, string, string, string];
    // Step one field at a time past a bad record, so one odd commit does not shift the rest out of line.
    if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(hash) || !/^\d+$/.test(seconds)) {
      i++;
      continue;
    }
    commits.push({ hash, subject: redactSecrets(subject), author: redactSecrets(author), date: Number(seconds) * 1000 });
    i += 4;
  }
  return commits;
}
