import { signal, type Signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { Workspace, WorkspaceDraft } from '../../../../shared/domain/workspace';
import type { SessionPilotDb } from '../../../lib/db/db';
import { sendRequest } from '../../../lib/messages/send-request';
import { listWorkspaces, type WorkspaceImpact } from '../../../lib/workspaces/workspace-store';

export interface UndoOffer {
  workspace: Workspace;
  expiresAt: number;
}

export interface WorkspacesModel {
  list: Signal<Workspace[] | null>;
  unreadable: Signal<number>;
  loadError: Signal<string | null>;
  undo: Signal<UndoOffer | null>;
  /** A note about the last save (e.g. the folder is not a git repository). */
  notice: Signal<string | null>;
  save(draft: WorkspaceDraft, id?: string): Promise<string | null>;
  impact(id: string): Promise<WorkspaceImpact | null>;
  remove(workspace: Workspace): Promise<string | null>;
  restore(): Promise<string | null>;
}

/** Reads workspaces live from Dexie; every write goes through the background. */
export function createWorkspacesModel(db: SessionPilotDb, undoMs = 8_000): WorkspacesModel {
  const list = signal<Workspace[] | null>(null);
  const unreadable = signal(0);
  const loadError = signal<string | null>(null);
  const undo = signal<UndoOffer | null>(null);
  const notice = signal<string | null>(null);
  let undoTimer: ReturnType<typeof setTimeout> | undefined;

  liveQuery(() => listWorkspaces(db)).subscribe({
    next: (listing) => {
      list.value = listing.workspaces;
      unreadable.value = listing.unreadable;
      loadError.value = null;
    },
    error: () => {
      loadError.value = 'Your workspaces could not be read from the browser database.';
    },
  });

  return {
    list,
    unreadable,
    loadError,
    undo,
    notice,
    async save(draft, id) {
      const result = await sendRequest<{ notice?: string }>({ type: 'workspace.save', id, draft });
      if (!result.ok) return result.error.message;
      notice.value = result.value.notice ?? null;
      return null;
    },
    async impact(id) {
      const result = await sendRequest<WorkspaceImpact>({ type: 'workspace.impact', id });
      return result.ok ? result.value : null;
    },
    async remove(workspace) {
      const result = await sendRequest({ type: 'workspace.delete', id: workspace.id });
      if (!result.ok) return result.error.message;
      clearTimeout(undoTimer);
      undo.value = { workspace, expiresAt: Date.now() + undoMs };
      undoTimer = setTimeout(() => (undo.value = null), undoMs);
      return null;
    },
    async restore() {
      const offer = undo.value;
      if (!offer) return null;
      clearTimeout(undoTimer);
      undo.value = null;
      const result = await sendRequest({ type: 'workspace.restore', id: offer.workspace.id });
      return result.ok ? null : result.error.message;
    },
  };
}
