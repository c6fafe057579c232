import { useModel } from '../model/model-context';

export function UndoToast() {
  const { workspaces } = useModel();
  const offer = workspaces.undo.value;
  if (!offer) return null;
  return (
    <div class="toast" role="status">
      <span>Deleted “{offer.workspace.name}”.</span>
      <button type="button" onClick={() => void workspaces.restore()}>
        Undo
      </button>
    </div>
  );
}
