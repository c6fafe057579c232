import { ProgressLine } from '../../../lib/ui/progress-line';
import { useEffect, useState } from 'preact/hooks';
import { timeAgo } from '../../../../shared/format/time-ago';
import type { ScanResult } from '../../../../shared/domain/scan';
import type { Signal } from '../../../../shared/domain/signal';
import { signalsFromScan } from '../../../../shared/planner/signals-from-scan';
import { FormError } from '../../../lib/ui/form-error';
import { useModel } from '../model/model-context';
import { ideaLink, joinPath, vscodeLink } from './editor-links';

type MarkerSignal = Extract<Signal, { kind: 'marker' }>;
type TestSignal = Extract<Signal, { kind: 'failing_test' }>;

/** Author and age, asked of git blame only for the markers shown first. */
function BlameNote({ file, line }: { file: string; line: number }) {
  const { scan } = useModel();
  const [blame, setBlame] = useState<{ author: string; authoredAt?: number } | null>(null);
  useEffect(() => {
    let live = true;
    void scan.blame(file, line).then((b) => live && setBlame(b));
    return () => {
      live = false;
    };
  }, [file, line]);
  if (!blame) return null;
  return (
    <span class="blame">
      {blame.author}
      {blame.authoredAt ? `, ${timeAgo(blame.authoredAt, Date.now())}` : ''}
    </span>
  );
}

const BLAMED_ROWS = 30;

function MarkerRow({ root, signal, muted, blame }: { root: string; signal: MarkerSignal; muted: boolean; blame: boolean }) {
  const { scan } = useModel();
  const [copied, setCopied] = useState(false);
  const abs = joinPath(root, signal.file);
  return (
    <li class={`signal-row${muted ? ' muted-row' : ''}`} data-signal-id={signal.id}>
      <span class={`tag tag-${signal.tag.toLowerCase()}`}>{signal.tag}</span>
      <span class="loc">
        <code>
          {signal.file}:{signal.line}
        </code>
        {signal.context && <span class="context"> in {signal.context}</span>}
        {blame && <BlameNote file={signal.file} line={signal.line} />}
      </span>
      <span class="signal-text">{signal.text}</span>
      <span class="signal-actions">
        <a href={vscodeLink(abs, signal.line)} title="Open in VS Code">
          VS Code
        </a>
        <a href={ideaLink(abs, signal.line)} title="Open in a JetBrains IDE">
          IDEA
        </a>
        <button
          type="button"
          class="link"
          onClick={() =>
            void navigator.clipboard.writeText(`${abs}:${signal.line}`).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy path'}
        </button>
        <button type="button" class="link" onClick={() => void scan.mute(signal.id, !muted)} aria-label={`${muted ? 'Unmute' : 'Mute'} ${signal.file}:${signal.line}`}>
          {muted ? 'Unmute' : 'Mute'}
        </button>
      </span>
    </li>
  );
}

function TestRow({ signal, stale, report, muted }: { signal: TestSignal; stale?: boolean; report?: string; muted: boolean }) {
  const { scan } = useModel();
  return (
    <li class={`signal-row${muted ? ' muted-row' : ''}`} data-signal-id={signal.id}>
      <span class="tag tag-fail">FAIL</span>
      <code class="loc">{signal.name}</code>
      <span class="signal-text">
        {signal.message ?? ''}
        {stale && <span class="stale"> · stale report</span>}
        {report && <span class="muted"> · {report}</span>}
      </span>
      <span class="signal-actions">
        <button type="button" class="link" onClick={() => void scan.mute(signal.id, !muted)} aria-label={`${muted ? 'Unmute' : 'Mute'} ${signal.name}`}>
          {muted ? 'Unmute' : 'Mute'}
        </button>
      </span>
    </li>
  );
}

function GitSummary({ git }: { git: ScanResult['git'] }) {
  if (!git.isRepo) return <p class="muted">Not a git repository: files were found by walking the folder (honouring .gitignore).</p>;
  const c = git.counts;
  return (
    <div class="git-summary">
      <p>
        <strong>{git.branch ?? '(detached HEAD)'}</strong>
        {git.upstream ? ` · ${git.upstream}: ${git.ahead ?? 0} ahead, ${git.behind ?? 0} behind` : ' · no upstream'}
        {git.stashCount ? ` · ${git.stashCount} stashed` : ''}
      </p>
      {git.operation && <p class="notice">A {git.operation} is in progress.</p>}
      {c && (
        <p class="muted">
          {c.staged} staged · {c.unstaged} unstaged · {c.untracked} untracked{c.conflicted ? ` · ${c.conflicted} conflicted` : ''}
          {git.diffStat ? ` · +${git.diffStat.insertions} −${git.diffStat.deletions} in ${git.diffStat.files} files` : ''}
        </p>
      )}
      {git.recentCommits && git.recentCommits.length > 0 && (
        <ol class="commits" aria-label="Recent commits">
          {git.recentCommits.slice(0, 5).map((commit) => (
            <li key={commit.hash}>
              <code>{commit.hash.slice(0, 7)}</code> {commit.subject} <span class="muted">· {commit.author}</span>
            </li>
          ))}
        </ol>
      )}
      {git.problems?.map((p) => (
        <p key={p} class="muted">
          {p}
        </p>
      ))}
    </div>
  );
}

/** One workspace's signals: markers, failing tests, git and project facts, with open / copy / mute. */
export function ScanView({ workspaceName }: { workspaceName: string }) {
  const { scan } = useModel();
  const [showMuted, setShowMuted] = useState(false);
  const result = scan.result.value;
  const muted = scan.muted.value;
  const progress = scan.progress.value;
  const signals = result ? signalsFromScan(result) : [];
  const markers = signals.filter((s): s is MarkerSignal => s.kind === 'marker');
  const tests = signals.filter((s): s is TestSignal => s.kind === 'failing_test');
  const visible = <T extends Signal>(list: T[]) => list.filter((s) => showMuted || !muted.has(s.id));
  const mutedCount = signals.filter((s) => muted.has(s.id)).length;
  const failures = result?.tests.failures ?? [];

  return (
    <section class="card scan-view" aria-labelledby="scan-heading">
      <div class="card-head">
        <h2 id="scan-heading">Signals in {workspaceName}</h2>
        <div class="form-actions">
          <button type="button" onClick={() => void scan.run(scan.workspaceId.value!)} disabled={scan.scanning.value}>
            {scan.scanning.value ? 'Scanning…' : 'Scan again'}
          </button>
          <button type="button" onClick={() => scan.close()}>
            Close
          </button>
        </div>
      </div>
      <ProgressLine progress={progress} />
      <FormError message={scan.error.value} />
      {result && (
        <>
          <ul class="counts" aria-label="Signal counts">
            <li>
              <strong>{markers.length - markers.filter((m) => muted.has(m.id)).length}</strong> markers
            </li>
            <li>
              <strong>{tests.length - tests.filter((t) => muted.has(t.id)).length}</strong> failing tests
            </li>
            <li>
              <strong>{result.git.counts ? result.git.counts.staged + result.git.counts.unstaged + result.git.counts.untracked : 0}</strong> changed files
            </li>
            {result.facts && (
              <li>
                <strong>{result.facts.files}</strong> files · {result.facts.languages.slice(0, 3).map((l) => `${l.language} ${Math.round(l.share * 100)}%`).join(', ')}
              </li>
            )}
          </ul>
          {mutedCount > 0 && (
            <label class="muted toggle">
              <input type="checkbox" checked={showMuted} onChange={(e) => setShowMuted(e.currentTarget.checked)} /> Show {mutedCount} muted
            </label>
          )}
          <h3>Markers</h3>
          {markers.length === 0 ? (
            <p class="muted">No TODO, FIXME, HACK, XXX or BUG markers.</p>
          ) : (
            <ul class="signal-list" aria-label="Markers">
              {visible(markers).map((m, i) => (
                <MarkerRow key={m.id} root={result.root} signal={m} muted={muted.has(m.id)} blame={i < BLAMED_ROWS && result.git.isRepo} />
              ))}
            </ul>
          )}
          <div class="section-head">
            <h3>Failing tests</h3>
            <button type="button" class="link" onClick={() => void scan.runTests()} disabled={scan.testsRunning.value}>
              {scan.testsRunning.value ? 'Running…' : 'Run tests'}
            </button>
          </div>
          {scan.testRun.value && (
            <details class="test-run">
              <summary class="muted">
                Last run: {scan.testRun.value.timedOut ? 'stopped at the time limit' : `exit ${scan.testRun.value.exitCode ?? '?'}`} after{' '}
                {(scan.testRun.value.durationMs / 1000).toFixed(1)} s
              </summary>
              <pre>{scan.testRun.value.outputTail}</pre>
            </details>
          )}
          {!result.tests.checked ? (
            <p class="muted">Test reports were not checked.</p>
          ) : tests.length === 0 ? (
            <p class="muted">No failing tests in the reports found{result.tests.reports?.length ? ` (${result.tests.reports.length} read)` : ' (no reports found)'}.</p>
          ) : (
            <ul class="signal-list" aria-label="Failing tests">
              {visible(tests).map((t) => {
                const f = failures.find((x) => x.name === t.name && (x.file ?? '') === (t.file ?? ''));
                return <TestRow key={t.id} signal={t} stale={f?.stale} report={f?.report} muted={muted.has(t.id)} />;
              })}
            </ul>
          )}
          {result.tests.problems?.map((p) => (
            <p key={p.path} class="muted">
              {p.message}
            </p>
          ))}
          <h3>Git</h3>
          <GitSummary git={result.git} />
          {result.facts && (
            <>
              <h3>Project</h3>
              <p class="muted">
                {result.facts.packageManager ?? 'No package manager detected'}
                {result.facts.testCommand ? ` · tests: ${result.facts.testCommand}` : ''} · {result.facts.files} files
              </p>
            </>
          )}
          {result.skipped.length > 0 && (
            <details>
              <summary class="muted">{result.skipped.length} files skipped</summary>
              <ul>
                {result.skipped.slice(0, 50).map((s) => (
                  <li key={s.file}>
                    <code>{s.file}</code> <span class="muted">{s.reason.replace('_', ' ')}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
