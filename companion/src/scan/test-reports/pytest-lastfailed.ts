import { z } from 'zod';
import { fail, ok } from '../../../../shared/result';
import { cleanReportText } from './failure-message';
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

const LastFailedSchema = z.record(z.string(), z.unknown());

/**
 * Failing node ids from pytest's `.pytest_cache/v/cache/lastfailed` (`{"tests/test_x.py::test_y": true}`).
 * Node ids are relative to pytest's rootdir, the folder holding the cache: pass it as `base`.
 */
export function parsePytestLastFailed(text: string, options: ParseOptions): ReportParseResult {
  const unusable = checkReportText(text, options.report);
  if (unusable) return unusable;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalidReport(options.report, 'JSON');
  }
  const lastFailed = LastFailedSchema.safeParse(json);
  if (!lastFailed.success || Array.isArray(json)) return fail('not_a_report', `${options.report} is not a pytest lastfailed file; skipped.`);

  const limit = options.limit ?? DEFAULT_FAILURE_LIMIT;
  const failures: ReportedFailure[] = [];
  let failed = 0;
  let skipped = 0;
  for (const [nodeId, value] of Object.entries(lastFailed.data)) {
    // pytest writes `true`; anything else is not a failure it recorded.
    if (value !== true || !nodeId.trim()) {
      skipped++;
      continue;
    }
    failed++;
    if (failures.length >= limit) continue;
    const separator = nodeId.indexOf('::');
    // A whole-module id ("tests/test_x.py") is a file that failed to collect.
    const modulePath = separator === -1 ? nodeId : nodeId.slice(0, separator);
    failures.push(reportedFailure(cleanReportText(nodeId), toRootRelative(modulePath, options.root, options.base), undefined));
  }
  return ok({ kind: 'pytest-lastfailed', failures, failed, skipped });
}
