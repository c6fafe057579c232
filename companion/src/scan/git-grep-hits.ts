import { runGit } from '../git/run-git';

/**
 * The tracked files that contain a tag as a whole word, according to `git grep -l -w -F`: git's
 * own multi-threaded search over its own file set, binaries skipped as `-I` does. Only the
 * files it names are then read by us (to get lines and text). Null when git cannot answer.
 */
export async function gitGrepHitFiles(
  root: string,
  tags: readonly string[],
  options: { exclude?: readonly string[]; signal?: AbortSignal; onHit?: (file: string) => void } = {},
): Promise<Set<string> | null> {
  const args = [
    'grep',
    '-I',
    '-l',
    '-z',
    '-w',
    '-F',
    '--no-color',
    '--no-textconv',
    ...tags.flatMap((t) => ['-e', t]),
    '--',
    '.',
    // `literal`: a file name is never read as a glob.
    ...(options.exclude ?? []).map((p) => `:(exclude,literal)${p}`),
  ];
  // Names are passed on as git prints them (it prints each file once its search is done).
  let rest: Buffer = Buffer.alloc(0);
  const onHit = options.onHit;
  const onStdout = onHit
    ? (chunk: Buffer) => {
        const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
        let start = 0;
        for (let end = buf.indexOf(0); end !== -1; end = buf.indexOf(0, start)) {
          if (end > start) onHit(buf.toString('utf8', start, end));
          start = end + 1;
        }
        rest = buf.subarray(start);
      }
    : undefined;
  const result = await runGit(args, {
    cwd: root,
    signal: options.signal,
    onStdout,
    okExitCodes: [1],
    extraConfig: ['grep.fallbackToNoIndex=false', 'grep.fullName=false', 'grep.patternType=fixed'],
    timeoutMs: 10 * 60_000,
  });
  if (!result.ok) return null;
  const hits = new Set<string>();
  const buf = result.value;
  for (let start = 0; start < buf.length; ) {
    const end = buf.indexOf(0, start);
    if (end === -1) break;
    if (end > start) hits.add(buf.toString('utf8', start, end));
    start = end + 1;
  }
  return hits;
}
