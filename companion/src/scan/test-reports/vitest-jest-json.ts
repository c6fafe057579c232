import { z } from 'zod';
import { fail, ok } from '../../../../shared/result';
import { cleanReportText, leadingLines } from './failure-message';
import {
  checkReportText,
  DEFAULT_FAILURE_LIMIT,
  invalidReport,
  reportedFailure,
  type ParseOptions,
  type ReportedFailure,
  type ReportParseResult,
} from './parsed-report';
import { toRootRelative } from './report-path';

const ReportSchema = z.object({
  numFailedTests: z.number(),
  testResults: z.array(z.unknown()),
});

const FileResultSchema = z.object({
  /** The test file, absolute in both jest's and vitest's output. */
  name: z.string(),
  status: z.string().optional(),
  /** Why the whole file failed (it did not load, a hook threw), when it did. */
  message: z.string().nullish(),
  assertionResults: z.array(z.unknown()).default([]),
});

const AssertionSchema = z.object({
  status: z.string(),
  title: z.string().optional(),
  fullName: z.string().nullish(),
  ancestorTitles: z.array(z.string()).nullish(),
  failureMessages: z.array(z.string()).nullish(),
});

// Keys only jest writes; vitest's json reporter mirrors the rest of jest's format.
const JEST_ONLY_KEYS = ['numRuntimeErrorTestSuites', 'wasInterrupted', 'openHandles'];

function assertionName(assertion: z.infer<typeof AssertionSchema>): string | undefined {
  const title = assertion.title ?? '';
  // "math > rounding > rounds half up", as vitest prints it and its junit reporter names it.
  if (assertion.ancestorTitles?.length) return [...assertion.ancestorTitles, title].join(' > ');
  return assertion.fullName || title || undefined;
}

/** Failing tests of a jest `--json` report or a vitest `--reporter=json` report. */
export function parseJestJsonReport(text: string, options: ParseOptions): ReportParseResult {
  const unusable = checkReportText(text, options.report);
  if (unusable) return unusable;
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return invalidReport(options.report, 'JSON');
  }
  const report = ReportSchema.safeParse(json);
  if (!report.success) return fail('not_a_report', `${options.report} is not a jest or vitest JSON report; skipped.`);
  const isJest = JEST_ONLY_KEYS.some((key) => Object.hasOwn(json as object, key));

  const limit = options.limit ?? DEFAULT_FAILURE_LIMIT;
  const failures: ReportedFailure[] = [];
  let failed = 0;
  let skipped = 0;
  const add = (failure: ReportedFailure): void => {
    failed++;
    if (failures.length < limit) failures.push(failure);
  };

  for (const rawFile of report.data.testResults) {
    const fileResult = FileResultSchema.safeParse(rawFile);
    if (!fileResult.success) {
      skipped++;
      continue;
    }
    const file = toRootRelative(fileResult.data.name, options.root, options.base);
    let failedHere = 0;
    for (const rawAssertion of fileResult.data.assertionResults) {
      const assertion = AssertionSchema.safeParse(rawAssertion);
      if (!assertion.success) {
        skipped++;
        continue;
      }
      if (assertion.data.status !== 'failed') continue;
      failedHere++;
      add(reportedFailure(cleanReportText(assertionName(assertion.data)), file, cleanReportText(leadingLines(assertion.data.failureMessages?.[0]))));
    }
    // A file that failed without a failing test did not load or run at all: that is the failure.
    if (fileResult.data.status === 'failed' && failedHere === 0) {
      add(reportedFailure(cleanReportText(file ?? fileResult.data.name), file, cleanReportText(leadingLines(fileResult.data.message ?? undefined))));
    }
  }
  return ok({ kind: isJest ? 'jest-json' : 'vitest-json', failures, failed, skipped });
}
