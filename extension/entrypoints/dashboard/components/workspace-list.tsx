import { FormError } from '../../../lib/ui/form-error';
import { useState } from 'preact/hooks';
import type { Workspace } from '../../../../shared/domain/workspace';
import type { WorkspaceImpact } from '../../../lib/workspaces/workspace-store';
import { useModel } from '../model/model-context';
import { impactSentence } from './impact-sentence';
import { WorkspaceForm } from './workspace-form';

function WorkspaceItem({ workspace }: { workspace: Workspace }) {
  const { workspaces, scan } = useModel();
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const [impact, setImpact] = useState<WorkspaceImpact | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function askDelete() {
    setImpact(await workspaces.impact(workspace.id));
    setMode('confirm');
  }
  async function confirmDelete() {
    const failure = await workspaces.remove(workspace);
    if (failure) setError(failure);
  }

  if (mode === 'edit') {
    return (
      <li class="workspace-item editing">
        <WorkspaceForm
          initial={workspace}
          onSubmit={async (draft) => {
            const failure = await workspaces.save(draft, workspace.id);
            if (!failure) setMode('view');
            return failure;
          }}
          onCancel={() => setMode('view')}
        />
      </li>
    );
  }
  return (
    <li class="workspace-item" data-workspace-id={workspace.id}>
      <div class="workspace-main">
        <strong class="workspace-name">{workspace.name}</strong>
        <code class="workspace-path">{workspace.path}</code>
        {workspace.githubRepo && <span class="workspace-repo">{workspace.githubRepo}</span>}
        {workspace.extraTags && <span class="muted small">also finds {workspace.extraTags.join(', ')}</span>}
      </div>
      {mode === 'confirm' ? (
        <div class="confirm" role="alertdialog" aria-label={`Delete ${workspace.name}?`}>
          <p>
            Delete “{workspace.name}”? {impact ? impactSentence(impact) : ''} You can undo for a few seconds.
          </p>
          <button type="button" class="danger" onClick={confirmDelete} autoFocus>
            Delete
          </button>
          <button type="button" onClick={() => setMode('view')}>
            Keep
          </button>
        </div>
      ) : (
        <div class="workspace-actions">
          <button type="button" onClick={() => void scan.run(workspace.id)} aria-label={`Scan ${workspace.name}`}>
            Scan
          </button>
          <button type="button" onClick={() => setMode('edit')} aria-label={`Edit ${workspace.name}`}>
            Edit
          </button>
          <button type="button" onClick={askDelete} aria-label={`Delete ${workspace.name}`}>
            Delete
          </button>
        </div>
      )}
      <FormError message={error} />
    </li>
  );
}

export function WorkspaceList() {
  const { workspaces } = useModel();
  const list = workspaces.list.value;
  if (workspaces.loadError.value) return <FormError message={workspaces.loadError.value} />;
  if (list === null) return <p class="muted">Loading…</p>;
  return (
    <>
      {workspaces.notice.value && (
        <p class="notice" role="status">
          {workspaces.notice.value}
        </p>
      )}
      {workspaces.unreadable.value > 0 && (
        <p class="notice" role="status">
          {workspaces.unreadable.value === 1 ? 'One stored workspace is' : `${workspaces.unreadable.value} stored workspaces are`} damaged
          and hidden; nothing was deleted.
        </p>
      )}
      {list.length === 0 ? (
        <p class="empty">No workspaces yet. Add the folder of a repository you work in.</p>
      ) : (
        <ul class="workspace-list" aria-label="Workspaces">
          {list.map((w) => (
            <WorkspaceItem key={w.id} workspace={w} />
          ))}
        </ul>
      )}
    </>
  );
}
