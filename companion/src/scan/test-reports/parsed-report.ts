import type { TestState } from '../../../../shared/domain/scan';
import { fail, type Result } from '../../../../shared/result';

export type TestReportKind = NonNullable<TestState['reports']>[number]['kind'];

/** One failing test as a report states it; the reader adds when and where it was reported. */
export interface ReportedFailure {
  name: string;
  /** Relative to the root, '/'-separated, when the report names a file inside it. */
  file?: string;
  message?: string;
}

export interface ParsedReport {
  kind: TestReportKind;
  /** At most `limit` failures, in report order. */
  failures: ReportedFailure[];
  /** Every failure the report lists, including those past the limit. */
  failed: number;
  /** Entries or lines that were not understood and were skipped. */
  skipped: number;
}

export type ReportProblemCode = 'empty' | 'too_large' | 'invalid' | 'not_a_report';
export type ReportParseResult = Result<ParsedReport, ReportProblemCode>;

export interface ParseOptions {
  /** The report's path relative to the root, used in problem sentences. */
  report: string;
  /** The scan root, to turn absolute test-file paths into relative ones. */
  root?: string;
  /**
   * The project folder the report belongs to, relative to the root ('' or absent for the root):
   * relative test-file paths in a report are relative to it (pytest's rootdir, vitest's root).
   */
  base?: string;
  /** Keep at most this many failures (the count stays exact). */
  limit?: number;
}

export const MAX_REPORT_BYTES = 50 * 1024 * 1024;
export const DEFAULT_FAILURE_LIMIT = 500;

/** The one-sentence problem for an empty or oversized report, or null when the text can be parsed. */
export function checkReportText(text: string, report: string): ReportParseResult | null {
  if (text.length > MAX_REPORT_BYTES) return fail('too_large', `${report} is over 50 MB; skipped.`);
  if (text.trim() === '') return fail('empty', `${report} is empty; skipped.`);
  return null;
}

export function invalidReport(report: string, format: string): ReportParseResult {
  return fail('invalid', `${report} is not valid ${format}; skipped.`);
}

/** A failure without absent fields, its name and message already cleaned by the caller. */
export function reportedFailure(name: string | undefined, file: string | undefined, message: string | undefined): ReportedFailure {
  const failure: ReportedFailure = { name: name ?? '(unnamed test)' };
  if (file !== undefined) failure.file = file;
  if (message !== undefined) failure.message = message;
  return failure;
}
