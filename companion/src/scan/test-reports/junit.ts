import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { fail, ok } from '../../../../shared/result';
import { cleanReportText, firstLine } from './failure-message';
import {
  checkReportText,
  DEFAULT_FAILURE_LIMIT,
  invalidReport,
  type ParseOptions,
  type ReportedFailure,
  reportedFailure,
  type ReportParseResult,
} from './parsed-report';
import { toRootRelative } from './report-path';

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY_REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;

/** The five XML entities and character references, nothing else (in one pass, so "&amp;lt;" stays "&lt;"). */
export function decodeStandardEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY_REFERENCE, (whole, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return NAMED_ENTITIES[named] ?? whole;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : whole;
  });
}

// DOCTYPE-declared entities are never expanded: no billion laughs, no external entities.
const standardEntitiesOnly = {
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
  decode: decodeStandardEntities,
};

const LIST_TAGS = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error']);
// Captured output can be most of a report's bytes and is never needed.
const DROPPED_TAGS = new Set(['system-out', 'system-err', 'properties']);

function newParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: { enabled: true, maxEntityCount: 100, maxEntitySize: 1_000 },
    entityDecoder: standardEntitiesOnly,
    isArray: (tagName) => LIST_TAGS.has(tagName),
    stopNodes: ['*.system-out', '*.system-err'],
    updateTag: (tagName) => (DROPPED_TAGS.has(tagName) ? false : tagName),
    maxNestedTags: 64,
  });
}

const FailureSchema = z.union([
  z.string(),
  z.object({ '@_message': z.string().optional(), '@_type': z.string().optional(), '#text': z.string().optional() }),
]);
const TestCaseSchema = z.object({
  '@_name': z.string().optional(),
  '@_classname': z.string().optional(),
  '@_file': z.string().optional(),
  failure: z.array(FailureSchema).optional(),
  error: z.array(FailureSchema).optional(),
});
const TestSuiteSchema = z.object({
  '@_file': z.string().optional(),
  testcase: z.array(z.unknown()).optional(),
  testsuite: z.array(z.unknown()).optional(),
});
const DocumentSchema = z.union([
  z.object({ testsuites: z.array(z.object({ testsuite: z.array(z.unknown()).optional() }).or(z.string())) }),
  z.object({ testsuite: z.array(z.unknown()) }),
]);

// A classname that is really a file (vitest, Playwright, jest-junit): "src/math.test.ts".
const PATH_LIKE = /[\\/]|\.(?:[cm]?[jt]sx?|py|rb|go|rs|php|exs?|dart|lua|swift)$/;

function testName(name: string, classname: string): string {
  if (!classname || PATH_LIKE.test(classname)) return name || classname;
  if (!name) return classname;
  if (name.startsWith(classname)) return name;
  return `${classname}.${name}`;
}

function failureMessage(failure: z.infer<typeof FailureSchema>): string | undefined {
  if (typeof failure === 'string') return cleanReportText(firstLine(failure));
  const attribute = failure['@_message']?.trim();
  if (attribute) return cleanReportText(attribute);
  const text = firstLine(failure['#text']);
  if (text) return cleanReportText(text);
  return cleanReportText(failure['@_type']);
}

/** Failing test cases of a JUnit XML report (Maven surefire, Gradle, pytest --junitxml, vitest, jest-junit, …). */
export function parseJunitReport(text: string, options: ParseOptions): ReportParseResult {
  const unusable = checkReportText(text, options.report);
  if (unusable) return unusable;
  const xml = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (XMLValidator.validate(xml) !== true) return invalidReport(options.report, 'XML');

  let tree: unknown;
  try {
    tree = newParser().parse(xml);
  } catch {
    // The parser refuses what the validator lets through: too deep, too many DOCTYPE entities.
    return invalidReport(options.report, 'XML');
  }
  const document = DocumentSchema.safeParse(tree);
  if (!document.success) return fail('not_a_report', `${options.report} is not a JUnit report; skipped.`);

  const limit = options.limit ?? DEFAULT_FAILURE_LIMIT;
  const failures: ReportedFailure[] = [];
  let failed = 0;
  let skipped = 0;

  const visitSuite = (node: unknown, inheritedFile: string | undefined): void => {
    const suite = TestSuiteSchema.safeParse(node);
    if (!suite.success) {
      if (node !== '') skipped++;
      return;
    }
    const suiteFile = suite.data['@_file'] ?? inheritedFile;
    for (const rawCase of suite.data.testcase ?? []) {
      const testCase = TestCaseSchema.safeParse(rawCase);
      if (!testCase.success) {
        if (rawCase !== '') skipped++; // '' is a bare <testcase/>: a test that passed
        continue;
      }
      const { '@_name': name = '', '@_classname': classname = '', '@_file': file } = testCase.data;
      const failure = testCase.data.failure?.[0] ?? testCase.data.error?.[0];
      if (failure === undefined) continue;
      failed++;
      if (failures.length >= limit) continue;
      const fileFromClassname = PATH_LIKE.test(classname) ? classname : undefined;
      failures.push(
        reportedFailure(
          cleanReportText(testName(name, classname)),
          toRootRelative(file ?? suiteFile ?? fileFromClassname, options.root, options.base),
          failureMessage(failure),
        ),
      );
    }
    for (const child of suite.data.testsuite ?? []) visitSuite(child, suiteFile);
  };

  const data = document.data;
  if ('testsuites' in data) {
    for (const group of data.testsuites) if (typeof group !== 'string') for (const suite of group.testsuite ?? []) visitSuite(suite, undefined);
  } else {
    for (const suite of data.testsuite) visitSuite(suite, undefined);
  }
  return ok({ kind: 'junit', failures, failed, skipped });
}
