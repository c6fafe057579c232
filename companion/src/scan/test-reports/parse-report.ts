import type { TestReportCandidate } from './find-test-reports';
import { parseGoTestJson } from './go-test-json';
import { parseJunitReport } from './junit';
import type { ParseOptions, ReportParseResult } from './parsed-report';
import { parsePytestLastFailed } from './pytest-lastfailed';
import { parseJestJsonReport } from './vitest-jest-json';

/** Picks the parser for a report candidate's format. */
export function parseReport(candidate: TestReportCandidate, text: string, options: ParseOptions): ReportParseResult {
  switch (candidate.format) {
    case 'junit':
      return parseJunitReport(text, options);
    case 'jest-json':
      return parseJestJsonReport(text, options);
    case 'pytest-lastfailed':
      return parsePytestLastFailed(text, options);
    case 'go-test-json':
      return parseGoTestJson(text, options);
    default: {
      const unreachable: never = candidate.format;
      return unreachable;
    }
  }
}
