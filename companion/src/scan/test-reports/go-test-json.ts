import { z } from 'zod';
import { ok } from '../../../../shared/result';
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

/** One line of `go test -json` (test2json); Go 1.24+ adds build events keyed by ImportPath. */
const TestEventSchema = z.object({
  Action: z.string(),
  Package: z.string().optional(),
  Test: z.string().optional(),
  Output: z.string().optional(),
  ImportPath: z.string().optional(),
  FailedBuild: z.string().optional(),
});

interface RunRecord {
  pkg: string;
  test: string | undefined;
  output: string[];
  outputChars: number;
  failed: boolean;
  failedBuild?: string;
}

// Output kept per test: the failure is near the top, the rest is log noise.
const MAX_OUTPUT_LINES = 64;
const MAX_OUTPUT_CHARS = 16_384;
// Lines go test prints around every test: they say a test ran or failed, never why.
const NOISE = /^(?:# |=== (?:RUN|PAUSE|CONT|NAME)\b|--- (?:FAIL|PASS|SKIP)\b|FAIL\b|PASS$|ok\s|exit status \d+$|coverage:|testing: warning)/;
// testify and friends print the location alone, with the details on the lines after it.
const LOCATION_ONLY = /^[\w.\-/\\]+\.go:\d+:$/;

function record(records: Map<string, RunRecord>, pkg: string, test: string | undefined): RunRecord {
  const key = `${pkg}\u0000${test ?? ''}`;
  let found = records.get(key);
  if (!found) {
    found = { pkg, test, output: [], outputChars: 0, failed: false };
    records.set(key, found);
  }
  return found;
}

function appendOutput(target: RunRecord, output: string): void {
  if (target.output.length >= MAX_OUTPUT_LINES || target.outputChars >= MAX_OUTPUT_CHARS) return;
  target.output.push(output);
  target.outputChars += output.length;
}

/** The first line of a test's output that says what failed, trimmed. */
export function goFailureMessage(output: readonly string[]): string | undefined {
  const lines = output
    .join('')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !NOISE.test(line));
  const first = lines[0];
  if (first === undefined) return undefined;
  const message = LOCATION_ONLY.test(first) ? lines.slice(0, 6).join(' ') : first;
  return cleanReportText(message);
}

/** Failing tests of a `go test -json` stream; lines that are not test events are counted and skipped. */
export function parseGoTestJson(text: string, options: ParseOptions): ReportParseResult {
  const unusable = checkReportText(text, options.report);
  if (unusable) return unusable;

  const runs = new Map<string, RunRecord>();
  const builds = new Map<string, string[]>();
  let events = 0;
  let skipped = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (!line) continue;
    const event = line.startsWith('{') ? parseEvent(line) : null;
    if (!event) {
      skipped++;
      continue;
    }
    events++;
    if (event.Action === 'build-output' && event.ImportPath && event.Output) {
      const lines = builds.get(event.ImportPath) ?? [];
      if (lines.length < MAX_OUTPUT_LINES) lines.push(event.Output);
      builds.set(event.ImportPath, lines);
      continue;
    }
    if (event.Package === undefined) continue;
    const run = record(runs, event.Package, event.Test);
    if (event.Action === 'output' && event.Output !== undefined) appendOutput(run, event.Output);
    else if (event.Action === 'fail') {
      run.failed = true;
      if (event.FailedBuild) run.failedBuild = event.FailedBuild;
    }
  }
  if (events === 0) return invalidReport(options.report, 'go test -json output');

  // A parent fails because its subtest did; the subtest is the one worth naming.
  const parentsOfFailures = new Set<string>();
  const packagesWithFailedTests = new Set<string>();
  for (const run of runs.values()) {
    if (!run.failed || run.test === undefined) continue;
    packagesWithFailedTests.add(run.pkg);
    for (let slash = run.test.indexOf('/'); slash !== -1; slash = run.test.indexOf('/', slash + 1)) {
      parentsOfFailures.add(`${run.pkg}\u0000${run.test.slice(0, slash)}`);
    }
  }

  const limit = options.limit ?? DEFAULT_FAILURE_LIMIT;
  const failures: ReportedFailure[] = [];
  let failed = 0;
  for (const run of runs.values()) {
    if (!run.failed) continue;
    let name: string;
    let message: string | undefined;
    if (run.test !== undefined) {
      if (parentsOfFailures.has(`${run.pkg}\u0000${run.test}`)) continue;
      name = run.pkg ? `${run.pkg}.${run.test}` : run.test;
      message = goFailureMessage(run.output);
    } else {
      // A package that failed with no failing test: it did not build, or it panicked or timed out outside a test.
      if (packagesWithFailedTests.has(run.pkg)) continue;
      name = run.pkg;
      const buildOutput = run.failedBuild ? (builds.get(run.failedBuild) ?? builds.get(run.failedBuild.split(' ')[0] ?? '')) : undefined;
      message = goFailureMessage(buildOutput ?? []) ?? goFailureMessage(run.output) ?? (run.failedBuild ? 'build failed' : undefined);
    }
    failed++;
    if (failures.length < limit) failures.push(reportedFailure(cleanReportText(name), undefined, message));
  }
  return ok({ kind: 'go-test-json', failures, failed, skipped });
}

function parseEvent(line: string): z.infer<typeof TestEventSchema> | null {
  try {
    const parsed = TestEventSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
