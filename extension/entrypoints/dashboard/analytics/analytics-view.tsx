import { useEffect, useMemo, useState } from 'preact/hooks';
import { actualMinutes, agentUsageByCategory, estimateVsActual, timeByCategory } from '../../../../shared/usage/task-analytics';
import type { Failure } from '../../../../shared/result';
import { callCompanion } from '../../../lib/messages/call-companion';
import { onBroadcast } from '../../../lib/messages/on-broadcast';
import { useNow } from '../../../lib/ui/use-now';
import { useModel } from '../model/model-context';
import { DailySection, ModelSection, WorkspaceSection } from './agent-usage-sections';
import { useAnalyticsDb } from './analytics-db';
import { clockText } from './analytics-format';
import { createAnalyticsModel, type AnalyticsModel, type LocalAnalytics, type UsageState } from './analytics-model';
import { LiveUsageCard } from './live-usage-card';
import { RangeBar } from './range-bar';
import { AgentCostSection, EstimateSection, TimeSection } from './task-sections';
import './analytics.css';

const POLL_MS = 5 * 60_000;

/** Why the companion's numbers are missing, as one sentence with what to do. */
function CompanionSentence({ error, state, fix }: { error: Failure | null; state: string | undefined; fix: string | undefined }) {
  if (!error) return null;
  if (error.code !== 'companion_unavailable') {
    const sentence = error.code === 'unknown_method' ? 'This companion is older than the extension and cannot show analytics; update it (npm install in the SessionPilot folder) and restart it.' : error.message;
    return (
      <p class="an-status" role="status" data-state="error">
        {sentence}
      </p>
    );
  }
  const pairing = state === 'not_paired' || state === 'refused' || state === undefined;
  return (
    <p class="an-status" role="status" data-state="no-companion">
      Agent cost, tokens and the live 5-hour block come from the companion, which is {pairing ? 'not paired with this browser' : 'not connected'}: run <code>{fix ?? (pairing ? 'npx sessionpilot pair' : 'npx sessionpilot serve')}</code> in a terminal
      {pairing ? <> and enter its code in <a href="#settings">Settings</a></> : ''}. Time per category and estimate vs actual below work without it.
    </p>
  );
}

function TaskSections({ local, usage }: { local: LocalAnalytics; usage: UsageState }) {
  // A running task's minutes grow: recount every half minute while a session runs.
  const now = useNow(local.live ? 30_000 : 3_600_000);
  const minutes = useMemo(() => actualMinutes(local.sessions, local.tasks, local.events, now), [local, now]);
  const time = useMemo(() => timeByCategory(local.tasks, minutes), [local, minutes]);
  const estimate = useMemo(() => estimateVsActual(local.tasks, minutes), [local, minutes]);
  const byTask = usage.data?.byTask;
  const agentCost = useMemo(() => (byTask ? agentUsageByCategory(local.tasks, byTask) : null), [local, byTask]);
  const outside = usage.data?.sessionsOutsideRoots ?? 0;
  const note = [outside ? `${outside} session${outside === 1 ? ' is' : 's are'} in a workspace outside the companion’s allowed folders and left out.` : '', usage.sessionsLeftOut ? `The ${usage.sessionsLeftOut} oldest sessions are left out (too many to ask about at once).` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <>
      {local.sessions.length === 0 && <p class="an-status" role="status" data-state="no-sessions">No SessionPilot sessions on these days.</p>}
      <div class="an-grid">
        <TimeSection rows={time} />
        <EstimateSection rows={estimate} />
        <AgentCostSection rows={agentCost} note={note || null} />
      </div>
    </>
  );
}

export function AnalyticsView({ model }: { model: AnalyticsModel }) {
  const { companion } = useModel();
  const status = companion.status.value;
  useEffect(() => model.companionState(status?.state), [model, status?.state]);
  const usage = model.usage.value;
  const local = model.local.value;
  const range = model.range.value;
  const data = usage.data;
  const now = useNow(60_000);
  return (
    <div class="analytics">
      <section class="card an-head" aria-labelledby="analytics-heading">
        <div class="card-head">
          <h2 id="analytics-heading">Analytics</h2>
          <span class="muted small an-updated" aria-live="polite">
            {usage.status === 'loading' ? 'Updating…' : usage.fetchedAt ? `Agent usage as of ${clockText(usage.fetchedAt, now)}` : ''}
          </span>
        </div>
        <RangeBar preset={model.preset.value} range={range} onPreset={model.choosePreset} onRange={model.chooseRange} />
        <CompanionSentence error={usage.error} state={status?.state} fix={status?.fix} />
        {!data && usage.status === 'loading' && <p class="muted">Reading the agents’ logs…</p>}
        {data && data.notices.length > 0 && <p class="muted small">{data.notices.join(' ')}</p>}
      </section>
      {data && <LiveUsageCard blocks={data.blocks} live={local?.live ?? false} />}
      {data && <DailySection data={data} range={usage.range ?? range} />}
      {data && (
        <div class="an-grid">
          <ModelSection data={data} />
          <WorkspaceSection data={data} workspaces={local?.workspaces ?? []} />
        </div>
      )}
      {local && <TaskSections local={local} usage={usage} />}
    </div>
  );
}

/** The Analytics view with its model, which lives as long as the view is shown. */
export default function AnalyticsRoot() {
  const db = useAnalyticsDb();
  const [model] = useState(() =>
    createAnalyticsModel({
      db,
      call: (params) => callCompanion('usage.analytics', params),
      onUsage: (listener) => onBroadcast({ usage: listener }),
      pollMs: POLL_MS,
    }),
  );
  useEffect(() => () => model.dispose(), [model]);
  return <AnalyticsView model={model} />;
}
