import { parseArgs } from 'node:util';
import type { GitState, ScanResult } from '../../../shared/domain/scan';
import { sessionpilotHome } from '../home/sessionpilot-home';
import { scanRepo } from '../scan/scan-repo';
import { UsageError } from './usage-error';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A few lines: branch and upstream, changed files and diff, stash and operation, then git's problems. */
function formatGit(g: GitState): string[] {
  if (!g.isRepo) return ['git: not a git repository (files found by walking the folder, honouring .gitignore)'];
  if (g.branch === undefined) return [];
  let first = `git: ${g.branch ?? 'detached HEAD'} at ${g.head ? g.head.slice(0, 7) : 'no commits yet'}`;
  if (g.upstream) {
    const apart = [g.ahead ? `${g.ahead} ahead` : '', g.behind ? `${g.behind} behind` : ''].filter(Boolean).join(', ');
    first += ` · ${g.upstream}: ${g.ahead === undefined ? 'gone' : apart || 'up to date'}`;
  } else if (g.upstream === null && g.branch) first += ' · no upstream';
  const lines = [first];

  const c = g.counts;
  let changes = c
    ? `${c.staged} staged, ${c.unstaged} unstaged, ${c.untracked} untracked${c.conflicted ? `, ${c.conflicted} conflicted` : ''}`
    : g.dirtyFiles !== undefined
      ? `${g.dirtyFiles} changed, ${g.untrackedFiles ?? 0} untracked`
      : '';
  if (g.diffStat?.files) changes += ` · +${g.diffStat.insertions} -${g.diffStat.deletions} in ${plural(g.diffStat.files, 'file')}`;
  if (changes) lines.push(`  changes: ${changes}`);

  const extra: string[] = [];
  if (g.operation) extra.push(`${g.operation} in progress`);
  if (g.stashCount) extra.push(g.stashCount === 1 ? '1 stash entry' : `${g.stashCount} stash entries`);
  if (extra.length) lines.push(`  ${extra.join(' · ')}`);
  for (const p of g.problems ?? []) lines.push(`  note: ${p}`);
  return lines;
}

function formatHuman(result: ScanResult): string {
  const lines: string[] = [];
  lines.push(`${result.root}`);
  lines.push(...formatGit(result.git));
  if (result.facts) {
    const langs = result.facts.languages.slice(0, 4).map((l) => `${l.language} ${Math.round(l.share * 100)}%`).join(' · ');
    const tools = [result.facts.packageManager, result.facts.testCommand ? `test: ${result.facts.testCommand}` : null].filter(Boolean).join(' · ');
    lines.push(`project: ${result.facts.files} files${langs ? ` · ${langs}` : ''}${tools ? ` · ${tools}` : ''}`);
  }
  const files = result.filesScanned + (result.filesFromCache ?? 0);
  lines.push(`${result.markers.length} markers in ${files} files (${result.durationMs} ms${result.filesFromCache ? `, ${result.filesFromCache} unchanged since the last scan` : ''})`);
  for (const m of result.markers) lines.push(`  ${m.file}:${m.line}  ${m.tag}  ${m.text}`);
  return lines.join('\n');
}

export async function scanCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'no-git': { type: 'boolean', default: false },
      tests: { type: 'string', default: 'on' },
      'max-file-mb': { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      tag: { type: 'string', multiple: true },
    },
  });
  if (positionals.length !== 1) throw new UsageError('scan needs exactly one folder: sessionpilot scan <path> [--json]');
  if (values.tests !== 'on' && values.tests !== 'off') throw new UsageError('--tests must be "on" or "off".');
  for (const tag of values.tag ?? []) {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(tag) || tag.startsWith('-')) throw new UsageError(`--tag takes a word of letters, digits, _ or - (up to 32), not "${tag}".`);
  }
  let maxFileBytes: number | undefined;
  if (values['max-file-mb'] !== undefined) {
    const mb = Number(values['max-file-mb']);
    if (!Number.isFinite(mb) || mb <= 0) throw new UsageError('--max-file-mb must be a positive number.');
    maxFileBytes = Math.floor(mb * 1024 * 1024);
  }
  const showProgress = process.stderr.isTTY && !values.json;
  const result = await scanRepo(positionals[0]!, {
    git: !values['no-git'],
    tests: values.tests === 'on',
    maxFileBytes,
    cacheHome: values['no-cache'] ? undefined : sessionpilotHome(),
    extraTags: values.tag,
    onProgress: showProgress
      ? (done, total, message) => process.stderr.write(`\r${message} ${total ? `${done}/${total}` : ''}\x1b[K`)
      : undefined,
  });
  if (showProgress) process.stderr.write('\r\x1b[K');
  if (!result.ok) {
    process.stderr.write(`sessionpilot: ${result.error.message}\n`);
    return 1;
  }
  for (const s of result.value.skipped) {
    process.stderr.write(`sessionpilot: skipped ${s.file} (${s.reason.replace('_', ' ')}${s.bytes ? `, ${s.bytes} bytes` : ''})\n`);
  }
  process.stdout.write(values.json ? `${JSON.stringify(result.value)}\n` : `${formatHuman(result.value)}\n`);
  return 0;
}
