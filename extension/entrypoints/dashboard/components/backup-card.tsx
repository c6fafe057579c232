import { useState } from 'preact/hooks';
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
  const [pending, setPending] = useState<{ backup: Backup; preview: ImportPreview[]; name: string } | null>(null);
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
      {pending && (
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
            <button type="button" class="primary" disabled={busy} onClick={() => void apply('merge')}>
              Merge
            </button>
            <button type="button" disabled={busy} onClick={() => void apply('replace')}>
              Replace everything
            </button>
            <button type="button" disabled={busy} onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
          <p class="muted small">Merge adds what is new and keeps the newer copy of a row. Replace first downloads a backup of what is here now.</p>
        </div>
      )}
    </div>
  );
}
