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
  for (const t of scan.tests.failures) {
    signals.push({ id: `test:${t.file ?? ''}:${t.name}`, kind: 'failing_test', name: t.name, file: t.file, message: t.message });
  }
  return signals;
}
