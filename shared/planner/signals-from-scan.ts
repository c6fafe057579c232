import type { ScanResult } from '../domain/scan';
import type { Signal } from '../domain/signal';

/** Turns a scan into plan signals with stable ids (the same marker keeps its id across scans). */
export function signalsFromScan(scan: ScanResult): Signal[] {
  const signals: Signal[] = scan.markers.map((m) => ({
    id: `marker:${m.file}:${m.line}`,
    kind: 'marker',
    file: m.file,
    line: m.line,
    tag: m.tag,
    text: m.text,
    ...(m.context ? { context: m.context } : {}),
  }));
  const seenTests = new Set<string>();
  for (const t of scan.tests.failures) {
    const id = `test:${t.file ?? ''}:${t.name}`;
    // Two reports of the same run (JUnit and JSON) name the same test once.
    if (seenTests.has(id)) continue;
    seenTests.add(id);
    signals.push({
      id,
      kind: 'failing_test',
      name: t.name,
      file: t.file,
      message: t.message,
      ...(t.reportedAt !== undefined ? { reportedAt: Math.max(0, Math.round(t.reportedAt)) } : {}),
    });
  }
  const git = scan.git;
  const conflicted = git.counts?.conflicted ?? git.conflicted?.length ?? 0;
  if (conflicted > 0) {
    const files = git.conflicted ?? [];
    signals.push({
      id: 'git:conflicts',
      kind: 'git',
      state: 'conflicts',
      summary: `${conflicted} file${conflicted === 1 ? ' has' : 's have'} merge conflicts${files.length ? `: ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}` : ''}`,
      files,
    });
  }
  if (git.operation === 'merge' || git.operation === 'rebase') {
    signals.push({ id: `git:${git.operation}`, kind: 'git', state: git.operation, summary: `A ${git.operation} is in progress on ${git.branch ?? 'this branch'}.` });
  }
  return signals;
}
