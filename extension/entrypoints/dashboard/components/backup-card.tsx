import { useEffect, useState } from 'preact/hooks';
import type { StoredBackup } from '../../../../shared/protocol/backup-methods';
import type { Backup } from '../../../../shared/backup/backup-format';
import type { ImportPreview } from '../../../lib/backup/backup-store';
import { FormError } from '../../../lib/ui/form-error';
import { useModel } from '../model/model-context';

const LABEL: Record<string, string> = { workspaces: 'Workspaces', sessions: 'Sessions', tasks: 'Tasks', events: 'Events', signals: 'Signals', backlog: 'Backlog', agentRuns: 'Agent runs', reviews: 'Reviews', settings: 'Settings', agentReviews: 'Agent reviews' };

/** Export everything as one JSON file; import one (merge or replace) after seeing what it would do. */
export function BackupCard() {
  const { backup } = useModel();
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setNote(null);
    const r = await backup.read(file);
    if (!r.ok) {
      setPending(null);
      setError(r.error.message);
      return;
    }
    setError(null);
    setPending({ ...r.value, name: file.name });
  }

  async function apply(mode: 'merge' | 'replace') {
    if (!pending) return;
    setBusy(true);
    try {
      const r = await backup.apply(pending.backup, mode);
      setNote(`${mode === 'merge' ? 'Merged' : 'Replaced'}: ${r.written} rows written.${r.autoBackup ? ` What was here before is in ${r.autoBackup}.` : ''}`);
      setPending(null);
    } catch (err) {
      setError(`The import failed and nothing was changed: ${(err as Error).message}`);
    }
    setBusy(false);
  }

  return (
    <div class="backup">
      <p class="muted">Everything you made, as one JSON file. API keys, tokens and the companion pairing are never included.</p>
      <div class="form-actions">
        <button
          type="button"
          onClick={async () => {
            const r = await backup.exportNow();
            setNote(`Exported ${r.rows} rows to ${r.file}.`);
          }}
        >
          Export backup
        </button>
        <label class="file-button">
          Import a backup…
          <input type="file" accept="application/json,.json" aria-label="Backup file" onChange={(e) => void choose(e)} />
        </label>
      </div>
      <FormError message={error} />
      {note && (
        <p class="muted" role="status">
          {note}
        </p>
      )}
      {pending && <ImportPreviewPanel pending={pending} busy={busy} onApply={(mode) => void apply(mode)} onCancel={() => setPending(null)} />}
      <StoredBackups onPick={(p) => { setError(null); setNote(null); setPending(p); }} onError={setError} />
    </div>
  );
}

type Pending = { backup: Backup; preview: ImportPreview[]; name: string };

/** What an import would do, table by table, and the choice to merge, replace or cancel. */
export function ImportPreviewPanel({ pending, busy, onApply, onCancel }: { pending: Pending; busy: boolean; onApply: (mode: 'merge' | 'replace') => void; onCancel: () => void }) {
  return (
    <div class="import-preview" aria-label="Import preview">
      <p>
        <strong>{pending.name}</strong>, exported {new Date(pending.backup.exportedAt).toLocaleString()}:
      </p>
      <table>
        <thead>
          <tr>
            <th>Table</th>
            <th>In the file</th>
            <th>New here</th>
            <th>Already here</th>
            <th>Stored now</th>
          </tr>
        </thead>
        <tbody>
          {pending.preview.map((p) => (
            <tr key={p.table}>
              <td>{LABEL[p.table] ?? p.table}</td>
              <td>{p.incoming}</td>
              <td>{p.added}</td>
              <td>{p.existing}</td>
              <td>{p.current}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="form-actions">
        <button type="button" class="primary" disabled={busy} onClick={() => onApply('merge')}>
          Merge
        </button>
        <button type="button" disabled={busy} onClick={() => onApply('replace')}>
          Replace everything
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
      <p class="muted small">Merge adds what is new and keeps the newer copy of a row. Replace first downloads a backup of what is here now.</p>
    </div>
  );
}

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const countLine = (counts: Record<string, number>) =>
  `${count(counts.sessions ?? 0, 'session')}, ${count(counts.tasks ?? 0, 'task')}, ${count(counts.workspaces ?? 0, 'workspace')}`;

/** The companion's rolling backups: when the last one was made, and any of them to restore. */
function StoredBackups({ onPick, onError }: { onPick: (p: Pending) => void; onError: (message: string | null) => void }) {
  const { backup, companion } = useModel();
  const connected = companion.status.value?.state === 'connected';
  const [stored, setStored] = useState<{ backups: StoredBackup[]; dir: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rolling = backup.rolling.value;
  const lastAt = rolling?.lastAt;

  useEffect(() => {
    if (!connected) return;
    void backup.listStored().then((r) => setStored(r.ok ? r.value : null));
  }, [connected, lastAt]);

  async function now() {
    setBusy(true);
    const r = await backup.backUpNow();
    setBusy(false);
    if (!r.ok) return setStatus(r.error.message);
    const v = r.value as { unchanged?: boolean; skipped?: string };
    setStatus(v.skipped === 'empty' ? 'Nothing to back up yet.' : v.unchanged ? 'Nothing changed since the last backup; the companion already has it.' : 'Backed up to the companion.');
  }

  async function restore(b: StoredBackup) {
    setBusy(true);
    const r = await backup.readStored(b.name);
    setBusy(false);
    if (!r.ok) return onError(r.error.message);
    onPick({ ...r.value, name: `The companion's backup of ${new Date(b.storedAt).toLocaleString()}` });
  }

  return (
    <div class="stored-backups" aria-label="Backups kept by the companion">
      <h3>Kept by the companion</h3>
      {!connected ? (
        <p class="muted">While the companion is connected it keeps rolling backups on this machine (after every session and every few hours), so a wiped profile loses nothing.</p>
      ) : (
        <>
          <p class="muted" role="status">
            {rolling ? `Last backup ${new Date(rolling.lastAt).toLocaleString()}` : 'No rolling backup from this browser yet.'}
            {stored?.dir ? ` · ${stored.backups.length} kept in ${stored.dir}` : ''}
          </p>
          <div class="form-actions">
            <button type="button" disabled={busy} onClick={() => void now()}>
              Back up now
            </button>
          </div>
          {status && <p class="muted small">{status}</p>}
          {stored && stored.backups.length > 0 && (
            <ul class="stored-list">
              {stored.backups.slice(0, 8).map((b) => (
                <li key={b.name}>
                  <span>
                    {new Date(b.storedAt).toLocaleString()} <span class="muted small">· {countLine(b.counts)}</span>
                  </span>
                  <button type="button" disabled={busy} onClick={() => void restore(b)} aria-label={`Restore the backup of ${new Date(b.storedAt).toLocaleString()}`}>
                    Restore…
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/**
 * A fresh profile (no workspace, no session) next to a companion that kept backups: offer the
 * newest at the top of the page, with the same preview as any import.
 */
export function RestoreOffer() {
  const { backup, companion } = useModel();
  const connected = companion.status.value?.state === 'connected';
  const [newest, setNewest] = useState<StoredBackup | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!connected) return;
    void backup.listStored().then((r) => setNewest(r.ok ? (r.value.backups[0] ?? null) : null));
  }, [connected]);
  if (done) return <p class="card" role="status">{done}</p>;
  if (!newest) return null;
  return (
    <section class="card restore-offer" aria-labelledby="restore-heading">
      <h2 id="restore-heading">Restore your SessionPilot data</h2>
      <p>
        This browser has no sessions yet, but the companion kept a backup from {new Date(newest.storedAt).toLocaleString()} ({countLine(newest.counts)}).
      </p>
      <FormError message={error} />
      {pending ? (
        <ImportPreviewPanel
          pending={pending}
          busy={busy}
          onCancel={() => setPending(null)}
          onApply={async (mode) => {
            setBusy(true);
            try {
              const r = await backup.apply(pending.backup, mode);
              setDone(`Restored: ${r.written} rows written.`);
            } catch (err) {
              setError(`The restore failed and nothing was changed: ${(err as Error).message}`);
            }
            setBusy(false);
          }}
        />
      ) : (
        <div class="form-actions">
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const r = await backup.readStored(newest.name);
              setBusy(false);
              if (!r.ok) return setError(r.error.message);
              setPending({ ...r.value, name: `The companion's backup of ${new Date(newest.storedAt).toLocaleString()}` });
            }}
          >
            Review and restore…
          </button>
        </div>
      )}
    </section>
  );
}
