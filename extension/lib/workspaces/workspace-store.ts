import { WorkspaceDraftSchema, WorkspaceSchema, type Workspace, type WorkspaceDraft } from '../../../shared/domain/workspace';
import { fail, ok, type Result } from '../../../shared/result';
import type { SessionPilotDb, WorkspaceRow } from '../db/db';

/** How long a deleted workspace can be restored before its rows are purged. */
export const UNDO_WINDOW_MS = 10_000;

export interface WorkspaceImpact {
  sessions: number;
  tasks: number;
  backlog: number;
}

export interface WorkspaceListing {
  workspaces: Workspace[];
  /** Rows that failed validation: left untouched in the database, reported once. */
  unreadable: number;
}

function firstIssue(error: { issues: Array<{ message: string }> }): string {
  return error.issues[0]?.message ?? 'That workspace is not valid.';
}

/** Live (not deleted) workspaces, sorted by name; corrupt rows are counted, never thrown. */
export async function listWorkspaces(db: SessionPilotDb): Promise<WorkspaceListing> {
  const rows = await db.workspaces.toArray();
  const workspaces: Workspace[] = [];
  let unreadable = 0;
  for (const row of rows) {
    if ((row as WorkspaceRow).deletedAt !== undefined) continue;
    const parsed = WorkspaceSchema.safeParse(row);
    if (parsed.success) workspaces.push(parsed.data);
    else unreadable++;
  }
  workspaces.sort((a, b) => a.name.localeCompare(b.name));
  return { workspaces, unreadable };
}

export async function saveWorkspace(
  db: SessionPilotDb,
  input: { id?: string; draft: WorkspaceDraft },
  now: number,
  newId: () => string,
): Promise<Result<Workspace, 'invalid' | 'not_found' | 'duplicate'>> {
  const parsed = WorkspaceDraftSchema.safeParse(input.draft);
  if (!parsed.success) return fail('invalid', firstIssue(parsed.error));
  const draft = parsed.data;
  return db.transaction('rw', db.workspaces, async () => {
    const others = (await db.workspaces.toArray()).filter((w) => w.deletedAt === undefined && w.id !== input.id);
    if (others.some((w) => w.name.toLowerCase() === draft.name.toLowerCase())) {
      return fail('duplicate', `A workspace named “${draft.name}” already exists.`);
    }
    if (input.id) {
      const existing = await db.workspaces.get(input.id);
      if (!existing || existing.deletedAt !== undefined) return fail('not_found', 'That workspace no longer exists.');
      const updated: Workspace = { ...existing, ...draft, githubRepo: draft.githubRepo, extraTags: draft.extraTags, updatedAt: now };
      delete (updated as WorkspaceRow).deletedAt;
      if (updated.githubRepo === undefined) delete updated.githubRepo;
      if (updated.extraTags === undefined) delete updated.extraTags;
      await db.workspaces.put(updated);
      return ok(updated);
    }
    const created: Workspace = {
      id: newId(),
      name: draft.name,
      path: draft.path,
      githubRepo: draft.githubRepo,
      extraTags: draft.extraTags,
      createdAt: now,
      updatedAt: now,
    };
    if (created.githubRepo === undefined) delete created.githubRepo;
    if (created.extraTags === undefined) delete created.extraTags;
    await db.workspaces.add(created);
    return ok(created);
  });
}

/** What deleting a workspace takes with it, for the confirmation sentence. */
export async function workspaceImpact(db: SessionPilotDb, id: string): Promise<WorkspaceImpact> {
  const sessionIds = await db.sessions.where('workspaceId').equals(id).primaryKeys();
  const tasks = sessionIds.length ? await db.tasks.where('sessionId').anyOf(sessionIds).count() : 0;
  const backlog = await db.backlog.where('workspaceId').equals(id).count();
  return { sessions: sessionIds.length, tasks, backlog };
}

/** Marks the workspace deleted; its rows stay until `purgeDeletedWorkspaces` runs after the undo window. */
export async function deleteWorkspace(db: SessionPilotDb, id: string, now: number): Promise<Result<WorkspaceImpact, 'not_found'>> {
  const row = await db.workspaces.get(id);
  if (!row || row.deletedAt !== undefined) return fail('not_found', 'That workspace no longer exists.');
  const impact = await workspaceImpact(db, id);
  await db.workspaces.update(id, { deletedAt: now });
  return ok(impact);
}

export async function restoreWorkspace(db: SessionPilotDb, id: string): Promise<Result<Workspace, 'not_found'>> {
  return db.transaction('rw', db.workspaces, async () => {
    const row = await db.workspaces.get(id);
    if (!row) return fail('not_found', 'That workspace was already removed for good; the undo window has passed.');
    const restored: WorkspaceRow = { ...row };
    delete restored.deletedAt;
    await db.workspaces.put(restored);
    return ok(restored);
  });
}

/** Removes workspaces deleted longer ago than the undo window, with their sessions, tasks and the rest. */
export async function purgeDeletedWorkspaces(db: SessionPilotDb, now: number): Promise<number> {
  const tables = [db.workspaces, db.sessions, db.tasks, db.events, db.signals, db.backlog, db.reviews, db.agentRuns];
  return db.transaction('rw', tables, async () => {
    const doomed = await db.workspaces.where('deletedAt').below(now - UNDO_WINDOW_MS + 1).toArray();
    for (const ws of doomed) {
      const sessionIds = await db.sessions.where('workspaceId').equals(ws.id).primaryKeys();
      if (sessionIds.length) {
        await db.tasks.where('sessionId').anyOf(sessionIds).delete();
        await db.events.where('sessionId').anyOf(sessionIds).delete();
        await db.signals.where('sessionId').anyOf(sessionIds).delete();
        await db.reviews.where('sessionId').anyOf(sessionIds).delete();
        await db.agentRuns.where('sessionId').anyOf(sessionIds).modify((run) => {
          delete run.sessionId;
        });
        await db.sessions.bulkDelete(sessionIds);
      }
      await db.backlog.where('workspaceId').equals(ws.id).delete();
      await db.workspaces.delete(ws.id);
    }
    return doomed.length;
  });
}
