import { join } from 'node:path';
import type { FailingTest, TestState } from '../../../../shared/domain/scan';
import { cleanReportText } from './failure-message';
import { findTestReports, type ReportPlaces, type TestReportCandidate } from './find-test-reports';
import { DEFAULT_FAILURE_LIMIT, MAX_REPORT_BYTES } from './parsed-report';
import { readReportFile } from './report-file';

export interface ReadFailingTestsOptions {
  /** The clock, epoch ms. */
  now: number;
  /** The newest mtime among the source files, epoch ms: an older report is stale. */
  newestSourceMtime?: number;
  /** At most this many failures in all (default 500). */
  maxFailures?: number;
  signal?: AbortSignal;
  /** The reports already found for these files (findTestReports), when the caller looked early. */
  candidates?: readonly TestReportCandidate[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function isStaleReport(writtenAt: number, options: Pick<ReadFailingTestsOptions, 'now' | 'newestSourceMtime'>): boolean {
  if (writtenAt < options.now - DAY_MS) return true;
  return options.newestSourceMtime !== undefined && writtenAt < options.newestSourceMtime;
}

/**
 * Failing tests from the reports the last test run left behind (JUnit XML, vitest/jest JSON,
 * pytest's lastfailed, go test -json), newest report first. A report that cannot be read becomes
 * one sentence in `problems`; the others are still delivered.
 */
export async function readFailingTests(root: string, files: readonly string[] | ReportPlaces, options: ReadFailingTestsOptions): Promise<TestState> {
  const maxFailures = options.maxFailures ?? DEFAULT_FAILURE_LIMIT;
  const failures: FailingTest[] = [];
  const reports: NonNullable<TestState['reports']> = [];
  const problems: NonNullable<TestState['problems']> = [];
  // The same test named by two reports of one run (vitest's junit and json reporters) is listed once.
  const seen = new Set<string>();

  const candidates = options.candidates ?? findTestReports(root, files);
  // The parsers (and the XML parser they use) load only when there is a report to read.
  const { parseReport } = candidates.length ? await import('./parse-report') : { parseReport: null };
  for (const candidate of candidates) {
    if (!parseReport) break;
    if (options.signal?.aborted) break;
    const path = candidate.path;
    const read = await readReportFile(join(root, path), MAX_REPORT_BYTES);
    if (!read.ok) {
      const message = read.code === 'too_large' ? `${path} is over 50 MB; skipped.` : `${path} could not be read; skipped.`;
      problems.push({ path, message });
      continue;
    }
    const parsed = parseReport(candidate, read.text, { report: path, root, base: candidate.base, limit: maxFailures });
    if (!parsed.ok) {
      problems.push({ path, message: parsed.error.message });
      continue;
    }
    const writtenAt = read.modifiedAt;
    const stale = isStaleReport(writtenAt, options);
    reports.push({ path, kind: parsed.value.kind, writtenAt, stale, failures: parsed.value.failed });

    for (const failure of parsed.value.failures) {
      if (failures.length >= maxFailures) break;
      const key = `${failure.name}\u0000${failure.file ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // The parsers clean what they return; this is the last gate before text leaves the companion.
      const test: FailingTest = { name: cleanReportText(failure.name) ?? '(unnamed test)' };
      if (failure.file !== undefined) test.file = failure.file;
      const message = cleanReportText(failure.message);
      if (message !== undefined) test.message = message;
      test.reportedAt = writtenAt;
      test.stale = stale;
      test.report = path;
      failures.push(test);
    }
  }
  return { checked: true, failures, reports, problems };
}
