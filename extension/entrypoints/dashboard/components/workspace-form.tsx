import { FormError } from '../../../lib/ui/form-error';
import { useState } from 'preact/hooks';
import type { Workspace, WorkspaceDraft } from '../../../../shared/domain/workspace';
import { WorkspaceDraftSchema } from '../../../../shared/domain/workspace';

interface Props {
  initial?: Workspace;
  onSubmit: (draft: WorkspaceDraft) => Promise<string | null>;
  onCancel?: () => void;
}

/** Create or edit a workspace; the shared schema checks the fields before anything is sent. */
export function WorkspaceForm({ initial, onSubmit, onCancel }: Props) {
  const [name, setName] = useState(initial?.name ?? '');
  const [path, setPath] = useState(initial?.path ?? '');
  const [githubRepo, setGithubRepo] = useState(initial?.githubRepo ?? '');
  const [extraTags, setExtraTags] = useState(initial?.extraTags?.join(', ') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const draft = { name, path, githubRepo, extraTags };
    const parsed = WorkspaceDraftSchema.safeParse(draft);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Check the fields.');
      return;
    }
    setBusy(true);
    const failure = await onSubmit(draft);
    setBusy(false);
    setError(failure);
    if (!failure && !initial) {
      setName('');
      setPath('');
      setGithubRepo('');
      setExtraTags('');
    }
  }

  const idp = initial ? `edit-${initial.id}` : 'new';
  return (
    <form class="workspace-form" onSubmit={submit} aria-label={initial ? `Edit ${initial.name}` : 'New workspace'}>
      <label for={`${idp}-name`}>Name</label>
      <input id={`${idp}-name`} name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="my-app" autoComplete="off" />
      <label for={`${idp}-path`}>Local folder</label>
      <input
        id={`${idp}-path`}
        name="path"
        value={path}
        onInput={(e) => setPath(e.currentTarget.value)}
        placeholder="/home/you/code/my-app"
        spellcheck={false}
        autoComplete="off"
      />
      <label for={`${idp}-repo`}>
        GitHub repo <span class="muted">(optional)</span>
      </label>
      <input
        id={`${idp}-repo`}
        name="githubRepo"
        value={githubRepo}
        onInput={(e) => setGithubRepo(e.currentTarget.value)}
        placeholder="owner/repo"
        spellcheck={false}
        autoComplete="off"
      />
      <label for={`${idp}-tags`}>
        Extra markers <span class="muted">(optional)</span>
      </label>
      <input
        id={`${idp}-tags`}
        name="extraTags"
        value={extraTags}
        onInput={(e) => setExtraTags(e.currentTarget.value)}
        placeholder="NOTE, OPTIMIZE"
        spellcheck={false}
        autoComplete="off"
      />
      <FormError message={error} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {initial ? 'Save' : 'Add workspace'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
