import { useEffect, useState } from 'preact/hooks';
import type { Task } from '../../../../shared/domain/task';
import type { SessionUsage, UsageAggregate } from '../../../../shared/usage/session-usage';
import { onBroadcast } from '../../../lib/messages/on-broadcast';
import { sendRequest } from '../../../lib/messages/send-request';

const REFRESH_MS = 5 * 60_000;

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

/** "$4.10", or "$4.10 + price unknown for mystery-1", or "price unknown" — never $0 for an unpriced model. */
export function formatCost(a: UsageAggregate): string {
  const unknown = a.unpricedModels.length ? `price unknown for ${a.unpricedModels.join(', ')}` : '';
  if (a.cost === 0 && unknown) return unknown;
  const dollars = `$${a.cost < 0.01 && a.cost > 0 ? '<0.01' : a.cost.toFixed(2)}`;
  return unknown ? `${dollars} + ${unknown}` : dollars;
}

function minutes(t: Task): string {
  return t.actualMinutes !== undefined ? ` and ${Math.round(t.actualMinutes)} min` : '';
}

/** What Claude Code and Codex did and cost in this session (read by the companion from their logs), by task. */
export function AgentUsage({ sessionId, tasks, live }: { sessionId: string; tasks: readonly Task[]; live: boolean }) {
  const [usage, setUsage] = useState<SessionUsage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setUsage(null);
    let stopped = false;
    const load = async () => {
      const r = await sendRequest<SessionUsage>({ type: 'session.usage', sessionId });
      if (stopped) return;
      if (r.ok) {
        setUsage(r.value);
        setError(null);
      } else setError(r.error.code === 'companion_unavailable' ? 'shown when the companion is connected (it reads the agents’ logs).' : r.error.message);
    };
    void load();
    // While the session runs the companion pushes "new usage"; a slow poll covers a missed push.
    const timer = live ? setInterval(() => void load(), REFRESH_MS) : undefined;
    const off = live ? onBroadcast({ usage: () => void load() }) : undefined;
    return () => {
      stopped = true;
      clearInterval(timer);
      off?.();
    };
  }, [sessionId, live]);

  if (error && !usage) return <p class="muted small agent-usage">Agent usage: {error}</p>;
  if (!usage) return null;
  if (usage.total.turns === 0) {
    return (
      <p class="muted small agent-usage" aria-label="Agent usage">
        No Claude Code or Codex turns in this workspace during the session.
      </p>
    );
  }
  const byTask = tasks.filter((t) => usage.byTask[t.id]);
  return (
    <section class="agent-usage" aria-label="Agent usage">
      <h3>Agents</h3>
      <p>
        <strong>{formatCost(usage.total)}</strong> · {usage.total.turns} turn{usage.total.turns === 1 ? '' : 's'} · {formatTokens(usage.total.totalTokens)} tokens · {usage.agentSessions}{' '}
        conversation{usage.agentSessions === 1 ? '' : 's'} · {usage.models.join(', ')}
      </p>
      {byTask.length > 0 && (
        <ul class="usage-by-task">
          {byTask.map((t) => (
            <li key={t.id}>
              {t.title}: cost {formatCost(usage.byTask[t.id]!)}
              {minutes(t)} · {usage.byTask[t.id]!.turns} turn{usage.byTask[t.id]!.turns === 1 ? '' : 's'}
            </li>
          ))}
        </ul>
      )}
      {usage.files.length > 0 && (
        <p class="muted small">
          Files the agents edited: {usage.files.slice(0, 10).map((f) => `${f.file}${f.edits > 1 ? ` (${f.edits}×)` : ''}`).join(', ')}
          {usage.files.length > 10 ? ', …' : ''}
        </p>
      )}
    </section>
  );
}
