import type { AgentBlocks } from '../../../../shared/usage/analytics-schemas';
import { useNow } from '../../../lib/ui/use-now';
import { clockText, costText, tokensShort, usd, usdRate } from './analytics-format';

const AGENT_NAMES = { claude: 'Claude Code', codex: 'Codex' } as const;

function left(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  return min >= 60 ? `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min left` : `${min} min left`;
}

function Estimate({ blocks, tokens }: { blocks: AgentBlocks; tokens: number | null }) {
  const e = blocks.estimate;
  if (e.kind === 'not_enough_history') {
    return (
      <p class="an-estimate" data-estimate="none">
        Limit estimate: not enough history yet ({e.basedOnBlocks} of {e.needed} completed 5-hour blocks needed).
      </p>
    );
  }
  const share = tokens !== null && e.tokens > 0 ? Math.round((tokens / e.tokens) * 100) : null;
  return (
    <p class="an-estimate" data-estimate="p90">
      <span class="an-tag">estimate</span> Limit estimate (P90 of your last {e.basedOnBlocks} completed blocks): <strong>{tokensShort(e.tokens)} tokens</strong> · {usd(e.cost)}
      {share !== null && <> — this block is at {share} % of it</>}. It is worked out from your own history, not a limit the provider states.
    </p>
  );
}

function AgentBlock({ blocks, now }: { blocks: AgentBlocks; now: number }) {
  const a = blocks.active;
  const name = AGENT_NAMES[blocks.agent];
  const last = blocks.recent.filter((b) => !b.isGap).at(-1);
  if (!a) {
    return (
      <div class="an-live-agent" data-agent={blocks.agent} data-active="false">
        <h3>{name}</h3>
        <p class="muted">No 5-hour block is running{last ? `; the last one ran ${clockText(last.startTime, now)}–${clockText(last.endTime, now)} (${tokensShort(last.totalTokens)} tokens, ${costText(last)})` : ''}.</p>
        <Estimate blocks={blocks} tokens={null} />
      </div>
    );
  }
  return (
    <div class="an-live-agent" data-agent={blocks.agent} data-active="true">
      <h3>{name} · current 5-hour block</h3>
      <dl class="an-stats">
        <div>
          <dt>Started</dt>
          <dd data-field="started">{clockText(a.startTime, now)}</dd>
        </div>
        <div>
          <dt>Ends</dt>
          <dd data-field="ends">
            {clockText(a.endTime, now)} <span class="muted small">({left(a.endTime - now)})</span>
          </dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd data-field="tokens" data-value={a.totalTokens}>
            {tokensShort(a.totalTokens)}
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd data-field="cost" data-value={a.cost}>
            {costText(a)}
          </dd>
        </div>
        <div>
          <dt>Burn rate</dt>
          <dd data-field="burn">{a.burnRate ? `${tokensShort(a.burnRate.tokensPerMinute)} tokens/min · ${usdRate(a.burnRate.costPerMinute)}/min` : 'after the next turn'}</dd>
        </div>
        <div>
          <dt>Projected at the end</dt>
          <dd data-field="projected">{a.projection ? `${tokensShort(a.projection.totalTokens)} tokens · ${usd(a.projection.cost)}` : '—'}</dd>
        </div>
      </dl>
      <Estimate blocks={blocks} tokens={a.totalTokens} />
    </div>
  );
}

/** The running 5-hour block per agent: how much, how fast, where it is heading, and the P90 estimate. */
export function LiveUsageCard({ blocks, live }: { blocks: AgentBlocks[]; live: boolean }) {
  const now = useNow(30_000);
  return (
    <section class="card an-live" aria-labelledby="an-live-heading">
      <div class="card-head">
        <h2 id="an-live-heading">Live usage</h2>
        {live && <span class="an-badge">updates while your session runs</span>}
      </div>
      {blocks.length === 0 ? (
        <p class="muted">No Claude Code or Codex usage found in their logs yet.</p>
      ) : (
        <div class="an-live-grid">
          {blocks.map((b) => (
            <AgentBlock key={b.agent} blocks={b} now={now} />
          ))}
        </div>
      )}
    </section>
  );
}
