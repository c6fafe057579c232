import type { AgentKind } from '../protocol/agent-methods';

/** Words shared by the agent-session view and its exports, so both say the same thing. */
export const AGENT_LABEL: Record<AgentKind, string> = { claude: 'Claude Code', codex: 'Codex' };

export const AGENT_RATING_LABEL = { ok: 'OK', needs_fix: 'Needs fix', reverted: 'Reverted', partial: 'Partial' } as const;
export type AgentRating = keyof typeof AGENT_RATING_LABEL;

const count = new Intl.NumberFormat('en-US');

/** "12,345". */
export function countText(n: number): string {
  return count.format(n);
}

/** "$4.10", "$4.10 + price unknown for mystery-1", or "price unknown" — never $0 for an unpriced session. */
export function agentCostText(cost: number | null, unpricedModels: readonly string[]): string {
  const unknown = unpricedModels.length ? `price unknown for ${unpricedModels.join(', ')}` : 'price unknown';
  if (cost === null) return unknown;
  const dollars = cost > 0 && cost < 0.01 ? '$<0.01' : `$${cost.toFixed(2)}`;
  return unpricedModels.length ? `${dollars} + ${unknown}` : dollars;
}

/** "1.2M", "34k", "5.6k", "812". */
export function tokensText(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

/** "… 12,345 more characters not shown" for text the companion cut. */
export function omittedText(omittedChars: number): string {
  return `… ${countText(omittedChars)} more character${omittedChars === 1 ? '' : 's'} not shown`;
}

/** The id an agent session has in reviews and links: `claude:<sessionId>`. */
export function agentSessionKey(ref: { agent: AgentKind; sessionId: string }): string {
  return `${ref.agent}:${ref.sessionId}`;
}
