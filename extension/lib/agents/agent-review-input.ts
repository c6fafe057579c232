import { z } from 'zod';
import { AgentKindSchema } from '../../../shared/protocol/agent-methods';

/** `claude:<sessionId>` or `codex:<sessionId>`. */
export const AGENT_REVIEW_KEY = /^(claude|codex):[^\s].{0,199}$/s;

/** What a dashboard page sends to rate an agent session (parsed by the background before the store sees it). */
export const AgentReviewInputSchema = z.object({
  agent: AgentKindSchema,
  sessionId: z.string().min(1).max(200),
  rating: z.enum(['ok', 'needs_fix', 'reverted', 'partial']),
  note: z.string().max(10_000),
  /** Other agent sessions, as `claude:<id>` / `codex:<id>`. */
  links: z.array(z.string().max(210)).max(100),
  /** The SessionPilot session the agent session ran in, when the page found one. */
  spSessionId: z.string().min(1).max(200).optional(),
});
export type AgentReviewInput = z.infer<typeof AgentReviewInputSchema>;
