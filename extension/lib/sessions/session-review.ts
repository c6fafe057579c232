import { z } from 'zod';
import { fail, ok, type Result } from '../../../shared/result';
import type { ReviewRow, SessionPilotDb } from '../db/db';

export const ReviewRatingSchema = z.enum(['ok', 'needs_fix', 'reverted', 'partial']);
export type ReviewRating = z.infer<typeof ReviewRatingSchema>;

/** The user's verdict on an ended session (one per session; rating again replaces it). */
export async function reviewSession(db: SessionPilotDb, sessionId: string, rating: ReviewRating, note: string, now: number): Promise<Result<ReviewRow, 'not_found' | 'not_ended' | 'invalid'>> {
  if (note.length > 5_000) return fail('invalid', 'A review note can be at most 5,000 characters.');
  const session = await db.sessions.get(sessionId);
  if (!session) return fail('not_found', 'That session no longer exists.');
  if (session.status !== 'completed' && session.status !== 'cancelled') return fail('not_ended', 'A session is reviewed once it has ended.');
  const row: ReviewRow = { id: `session:${sessionId}`, sessionId, rating, note: note.trim(), createdAt: now };
  await db.reviews.put(row);
  return ok(row);
}
