import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { redactSecrets } from '../../../shared/text/redact';
import { fail, ok, type Result } from '../../../shared/result';
import { filterDriverOverrides, isSafeOperand, runGit } from '../git/run-git';
import { isInside } from '../server/root-guard';

export interface MarkerBlame {
  author: string;
  /** Epoch ms of the line's author time; absent for a line not yet committed. */
  authoredAt?: number;
  commit?: string;
  summary?: string;
}

/**
 * Who wrote one marker's line and when (`git blame --porcelain -L n,n`), asked only for the few
 * markers a person is looking at. `file` is relative to `root` and must stay inside it.
 */
export async function blameLine(root: string, file: string, line: number): Promise<Result<MarkerBlame, 'bad_params' | 'blame_failed'>> {
  if (!isSafeOperand(file) || file.split('/').includes('..') || file.startsWith('/') || !Number.isInteger(line) || line < 1) {
    return fail('bad_params', 'That file or line cannot be blamed.');
  }
  try {
    if (!isInside(realpathSync.native(join(root, file)), root)) return fail('bad_params', 'That file is outside the workspace.');
  } catch {
    return fail('bad_params', `${file} does not exist.`);
  }
  const extraConfig = await filterDriverOverrides(root);
  if (extraConfig === null) return fail('blame_failed', 'Blame was skipped: this repo configures a filter driver that cannot be safely disabled.');
  const r = await runGit(['blame', '--porcelain', '--no-textconv', '-L', `${line},${line}`, '--', file], { cwd: root, extraConfig, timeoutMs: 15_000 });
  if (!r.ok) return fail('blame_failed', `git blame could not answer for ${file}:${line}.`);
  const lines = r.value.toString('utf8').split('\n');
  const field = (name: string) => lines.find((l) => l.startsWith(`${name} `))?.slice(name.length + 1);
  const commit = lines[0]?.split(' ')[0];
  const uncommitted = !commit || /^0+$/.test(commit);
  const time = Number(field('author-time'));
  return ok({
    author: redactSecrets(uncommitted ? 'Not committed yet' : (field('author') ?? 'unknown')),
    ...(!uncommitted && Number.isFinite(time) ? { authoredAt: time * 1000 } : {}),
    ...(!uncommitted && commit ? { commit } : {}),
    ...(!uncommitted && field('summary') ? { summary: redactSecrets(field('summary')!) } : {}),
  });
}
