import { parseArgs } from 'node:util';
import type { ScanResult } from '../../../shared/domain/scan';
import { scanRepo } from '../scan/scan-repo';
import { UsageError } from './usage-error';

function formatHuman(result: ScanResult): string {
  const lines: string[] = [];
  lines.push(`${result.root}`);
  const g = result.git;
  if (g.isRepo && g.branch !== undefined) {
    lines.push(`git: ${g.branch ?? '(detached HEAD)'} · ${g.dirtyFiles ?? 0} changed · ${g.untrackedFiles ?? 0} untracked`);
  } else if (!g.isRepo) lines.push('git: not a git repository (files found by walking the folder, honouring .gitignore)');
  lines.push(`${result.markers.length} markers in ${result.filesScanned} files (${result.durationMs} ms)`);
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
    },
  });
  if (positionals.length !== 1) throw new UsageError('scan needs exactly one folder: sessionpilot scan <path> [--json]');
  if (values.tests !== 'on' && values.tests !== 'off') throw new UsageError('--tests must be "on" or "off".');
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
