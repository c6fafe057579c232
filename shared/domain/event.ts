import { z } from 'zod';
import { IdSchema, TimestampSchema } from './ids';

export const SESSION_EVENT_TYPES = [
  'session_created',
  'plan_ready',
  'session_started',
  'session_paused',
  'session_resumed',
  'session_extended',
  'session_completed',
  'session_cancelled',
  'task_added',
  'task_started',
  'task_done',
  'task_skipped',
  'task_review',
  'note_added',
  'alarm_warning',
  'alarm_end',
  /** The task in progress passed its estimate (minutes: the threshold it passed). */
  'task_overtime',
  /** The user gave the task more time after a nudge (minutes added). */
  'task_snoozed',
] as const;
export const SessionEventTypeSchema = z.enum(SESSION_EVENT_TYPES);
export type SessionEventType = z.infer<typeof SessionEventTypeSchema>;

/** Every state change is a timestamped event, so actual minutes can be recomputed exactly. */
export const SessionEventSchema = z.object({
  id: z.number().int().positive().optional(),
  sessionId: IdSchema,
  at: TimestampSchema,
  type: SessionEventTypeSchema,
  taskId: IdSchema.optional(),
  minutes: z.number().optional(),
  note: z.string().max(10_000).optional(),
});
export type SessionEvent = z.infer<typeof SessionEventSchema>;
