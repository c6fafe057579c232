import type { SessionPilotDb } from '../db/db';
import { CONTENT_SCRIPT_ALLOWED, RuntimeRequestSchema, type RuntimeReply, type RuntimeRequest } from '../messages/runtime-messages';
import { deleteWorkspace, restoreWorkspace, saveWorkspace, workspaceImpact, UNDO_WINDOW_MS } from '../workspaces/workspace-store';
import type { SenderContext } from './sender-context';

export interface BackgroundDeps {
  db: SessionPilotDb;
  now: () => number;
  newId: () => string;
  /** Wakes the background to purge deleted workspaces once the undo window has passed. */
  schedulePurge: (at: number) => void;
}

function reply(result: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }): RuntimeReply {
  return result.ok ? { ok: true, result: result.value } : { ok: false, error: result.error };
}

async function dispatch(request: RuntimeRequest, deps: BackgroundDeps): Promise<RuntimeReply> {
  switch (request.type) {
    case 'workspace.save':
      return reply(await saveWorkspace(deps.db, { id: request.id, draft: request.draft }, deps.now(), deps.newId));
    case 'workspace.impact':
      return { ok: true, result: await workspaceImpact(deps.db, request.id) };
    case 'workspace.delete': {
      const result = await deleteWorkspace(deps.db, request.id, deps.now());
      if (result.ok) deps.schedulePurge(deps.now() + UNDO_WINDOW_MS);
      return reply(result);
    }
    case 'workspace.restore':
      return reply(await restoreWorkspace(deps.db, request.id));
    case 'overlay.state':
      return { ok: true, result: { running: false } };
    default: {
      const unreachable: never = request;
      return { ok: false, error: { code: 'unknown_request', message: `Unknown request ${String(unreachable)}.` } };
    }
  }
}

/** Parses an untrusted runtime message, checks it against the sender's allow-list, and answers it. */
export async function handleRuntimeMessage(raw: unknown, from: SenderContext, deps: BackgroundDeps): Promise<RuntimeReply> {
  if (from === 'foreign') return { ok: false, error: { code: 'forbidden', message: 'Messages from outside SessionPilot are ignored.' } };
  const parsed = RuntimeRequestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: { code: 'bad_request', message: 'The request was not understood.' } };
  if (from === 'github_content_script' && !CONTENT_SCRIPT_ALLOWED.has(parsed.data.type)) {
    return { ok: false, error: { code: 'forbidden', message: 'That request is not allowed from a web page.' } };
  }
  try {
    return await dispatch(parsed.data, deps);
  } catch (err) {
    return { ok: false, error: { code: 'internal', message: `Something went wrong while saving: ${(err as Error).message}` } };
  }
}

