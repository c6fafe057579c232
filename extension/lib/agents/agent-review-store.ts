import { fail, ok, type Result } from '../../../shared/result';
import type { AgentReviewRow, SessionPilotDb } from '../db/db';
import { AGENT_REVIEW_KEY, type AgentReviewInput } from './agent-review-input';

export const MAX_NOTE = 5_000;
export const MAX_LINKS = 50;

/** Rates an agent session (rating again replaces the verdict, keeping when it was first rated). */
export async function saveAgentReview(db: SessionPilotDb, input: AgentReviewInput, now: number): Promise<Result<AgentReviewRow, 'invalid' | 'not_found'>> {
  const id = `${input.agent}:${input.sessionId}`;
  const note = input.note.trim();
  if (note.length > MAX_NOTE) return fail('invalid', `A review note can be at most ${MAX_NOTE.toLocaleString('en-US')} characters.`);
  const links = [...new Set(input.links)].filter((l) => l !== id);
  if (links.length > MAX_LINKS) return fail('invalid', `An agent session can be linked to at most ${MAX_LINKS} others.`);
  const bad = links.find((l) => !AGENT_REVIEW_KEY.test(l));
  if (bad !== undefined) return fail('invalid', 'A linked session must be a Claude Code or Codex session.');
  if (input.spSessionId !== undefined && !(await db.sessions.get(input.spSessionId))) return fail('not_found', 'That SessionPilot session no longer exists.');
  return db.transaction('rw', db.agentReviews, async () => {
    const before = await db.agentReviews.get(id);
    const row: AgentReviewRow = {
      id,
      agent: input.agent,
      sessionId: input.sessionId,
      rating: input.rating,
      note,
      links,
      ...(input.spSessionId !== undefined ? { spSessionId: input.spSessionId } : {}),
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    await db.agentReviews.put(row);
    return ok(row);
  });
}

/** Removes an agent session's verdict (its links go with it). */
export async function deleteAgentReview(db: SessionPilotDb, id: string): Promise<Result<{ deleted: boolean }, never>> {
  const existed = (await db.agentReviews.get(id)) !== undefined;
  await db.agentReviews.delete(id);
  return ok({ deleted: existed });
}
