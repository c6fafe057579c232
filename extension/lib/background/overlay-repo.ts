import { parseGithubUrl } from '../../../shared/github/github-url';
import { fail, ok, type Result } from '../../../shared/result';
import type { CompanionLink } from '../companion/companion-link';
import type { SessionPilotDb } from '../db/db';
import { overlayState } from '../overlay/overlay-store';

export interface RepoSignals {
  workspaceName: string;
  markers: number;
  failingTests: number;
  /** The first few, for a list: FIXME/BUG first. Text is redacted by the companion and shown as text. */
  topMarkers: Array<{ file: string; line: number; tag: string; text: string }>;
  tests: string[];
}

const RANK: Record<string, number> = { FIXME: 0, BUG: 0, TODO: 1, HACK: 2, XXX: 2 };

/** On a workspace's repo page: its markers and failing tests, from the companion's (cached) scan. */
export async function overlayRepo(
  url: string,
  deps: { db: SessionPilotDb; link: Pick<CompanionLink, 'request'>; now: () => number },
): Promise<Result<RepoSignals>> {
  const loc = parseGithubUrl(url);
  if (loc.kind === 'other') return fail('not_a_repo', 'This page is not a repository.');
  const state = await overlayState(deps.db, url, deps.now());
  if (!state.workspace) return fail('no_workspace', 'No workspace is linked to this repository.');
  const workspace = await deps.db.workspaces.get(state.workspace.id);
  if (!workspace) return fail('no_workspace', 'No workspace is linked to this repository.');
  const scan = await deps.link.request('scan', { path: workspace.path, extraTags: workspace.extraTags }, { timeoutMs: 60_000 });
  if (!scan.ok) return fail(scan.error.code, scan.error.message);
  const markers = [...scan.value.markers].sort((a, b) => (RANK[a.tag] ?? 3) - (RANK[b.tag] ?? 3) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return ok({
    workspaceName: workspace.name,
    markers: scan.value.markers.length,
    failingTests: scan.value.tests.failures.length,
    topMarkers: markers.slice(0, 8).map((m) => ({ file: m.file, line: m.line, tag: m.tag, text: m.text.slice(0, 200) })),
    tests: scan.value.tests.failures.slice(0, 8).map((t) => t.name.slice(0, 200)),
  });
}
