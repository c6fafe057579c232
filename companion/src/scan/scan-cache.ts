import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonFile } from '../home/json-file';
import type { Marker } from '../../../shared/domain/marker';
import type { ProjectFacts } from '../../../shared/domain/scan';
import type { FileOutcome, SkippedFile } from './marker-scan';
import type { ReportPlaces } from './test-reports/find-test-reports';

const CACHE_VERSION = 1;

const SKIP_REASONS = new Set(['too_large', 'unreadable', 'not_a_file']);

/**
 * Checks one cached outcome. Hand-written rather than zod: this runs for every file of a re-scan,
 * and loading zod alone costs ~40 ms of a ~200 ms budget. A damaged entry just means a re-read.
 */
function isOutcome(v: unknown): v is FileOutcome {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.sig !== 'string') return false;
  if (o.skipped !== undefined && !SKIP_REASONS.has(o.skipped as string)) return false;
  if (o.bytes !== undefined && typeof o.bytes !== 'number') return false;
  if (o.markers === undefined) return true;
  if (!Array.isArray(o.markers)) return false;
  return o.markers.every(
    (m) =>
      Array.isArray(m) &&
      (m.length === 3 || (m.length === 4 && typeof m[3] === 'string')) &&
      Number.isInteger(m[0]) &&
      m[0] > 0 &&
      typeof m[1] === 'string' &&
      typeof m[2] === 'string',
  );
}

/** The whole marker result of a scan, reusable as is when nothing in the tree changed. */
export interface ScanSummary {
  key: string;
  markers: Marker[];
  skipped: SkippedFile[];
  filesScanned: number;
  facts: ProjectFacts | null;
  /** What the file list says about where test reports may be (null when tests were not asked for). */
  reportPlaces: ReportPlaces | null;
}

/** Bumped when what a summary holds, or how its key is made, changes. */
const SUMMARY_VERSION = 2;

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function isSummary(v: unknown): v is ScanSummary {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const places = o.reportPlaces as Record<string, unknown> | null | undefined;
  return (
    typeof o.key === 'string' &&
    Array.isArray(o.markers) &&
    Array.isArray(o.skipped) &&
    typeof o.filesScanned === 'number' &&
    typeof o.facts === 'object' &&
    (places === null || (typeof places === 'object' && isStrings(places.projects) && isStrings(places.reportLike)))
  );
}

/**
 * A file name for a root: 64-bit FNV-1a of its UTF-16 code units, as hex. Not a secret and not
 * trusted (the files hold the root and are checked against it), so no hash module is loaded for it.
 */
function fileNameOf(root: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < root.length; i++) {
    lo = (lo ^ root.charCodeAt(i)) >>> 0;
    // Multiply the 64-bit (hi, lo) by the FNV prime 0x100000001b3, keeping 64 bits.
    const loTimes = lo * 0x1b3;
    const carry = Math.floor(loTimes / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + Math.imul(lo, 0x100) + carry) >>> 0;
    lo = loTimes >>> 0;
  }
  return `${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}`;
}

/** Per-root cache of each file's marker outcome, under SESSIONPILOT_HOME/cache/scan/. */
export class ScanCache {
  private readonly path: string;
  private readonly summaryPath: string;
  constructor(home: string, private readonly root: string, private readonly optionsKey: string) {
    const dir = join(home, 'cache', 'scan');
    const base = fileNameOf(root);
    this.path = join(dir, `${base}.json`);
    this.summaryPath = join(dir, `${base}.summary.json`);
  }

  /** The last result for these options, whatever tree it was for (check it with `matches`); null when there is none. */
  readSummary(): ScanSummary | null {
    try {
      const raw: unknown = JSON.parse(readFileSync(this.summaryPath, 'utf8'));
      return isSummary(raw) && raw.key.startsWith(this.keyFor('')) ? raw : null;
    } catch {
      return null;
    }
  }

  /** Whether `summary` is the result for the tree `key` (git's digest of the tree and its signatures). */
  matches(summary: ScanSummary, key: string): boolean {
    return summary.key === this.keyFor(key);
  }

  private keyFor(key: string): string {
    // The root is part of the key: two roots that share a file name only miss each other's results.
    return `${SUMMARY_VERSION}|${this.root}|${this.optionsKey}|${key}`;
  }

  saveSummary(key: string, summary: Omit<ScanSummary, 'key'>): void {
    try {
      mkdirSync(join(this.summaryPath, '..'), { recursive: true, mode: 0o700 });
      writeJsonFile(this.summaryPath, { key: this.keyFor(key), ...summary }, { compact: true });
    } catch {
      /* only costs speed next time */
    }
  }

  /** The previous outcomes, or an empty map when there is no usable cache (missing, damaged, other options). */
  load(): Map<string, FileOutcome> {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch {
      return new Map();
    }
    if (typeof raw !== 'object' || raw === null) return new Map();
    const file = raw as Record<string, unknown>;
    if (file.version !== CACHE_VERSION || file.root !== this.root || file.optionsKey !== this.optionsKey) return new Map();
    if (typeof file.files !== 'object' || file.files === null) return new Map();
    const outcomes = new Map<string, FileOutcome>();
    for (const [path, outcome] of Object.entries(file.files)) if (isOutcome(outcome)) outcomes.set(path, outcome);
    return outcomes;
  }

  save(outcomes: ReadonlyMap<string, FileOutcome>): void {
    const files: Record<string, FileOutcome> = Object.create(null);
    for (const [path, outcome] of outcomes) files[path] = outcome;
    try {
      mkdirSync(join(this.path, '..'), { recursive: true, mode: 0o700 });
      writeJsonFile(this.path, { version: CACHE_VERSION, root: this.root, optionsKey: this.optionsKey, files }, { compact: true });
    } catch {
      /* a cache we cannot write only costs speed next time */
    }
  }
}
