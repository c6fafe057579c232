import { AiSettingsCard } from './components/ai-settings-card';
import { BackupCard, RestoreOffer } from './components/backup-card';
import { ClockSettingsCard } from './components/clock-settings-card';
import { CompanionCard } from './components/companion-card';
import { HistoryCard } from './components/history-card';
import { PlanForm } from './components/plan-form';
import { ScanView } from './components/scan-view';
import { SessionView } from './components/session-view';
import { SummaryCard } from './components/summary-card';
import { UndoToast } from './components/undo-toast';
import { WorkspaceForm } from './components/workspace-form';
import { WorkspaceList } from './components/workspace-list';
import { ThemeSelect } from './components/theme-select';
import { useRef } from 'preact/hooks';
import { useModel } from './model/model-context';
import { FlowSteps, flowStep } from './components/flow-steps';
import { AgentsPage } from './agents/agents-page';
import { AnalyticsPage } from './analytics/analytics-page';
import { DASHBOARD_VIEWS, type DashboardView } from './model/dashboard-view';

export function App() {
  const { view } = useModel();
  return (
    <div class="page">
      <header class="topbar">
        <h1>
          <span class="logo" aria-hidden="true">◷</span> SessionPilot
        </h1>
        <nav class="views" aria-label="Dashboard views">
          {DASHBOARD_VIEWS.map((v) => (
            <a key={v.id} href={`#${v.id}`} class="view-link" aria-current={view.value === v.id ? 'page' : undefined}>
              {v.label}
            </a>
          ))}
        </nav>
        <CompanionBadge />
        <ThemeSelect />
      </header>
      <ViewBody view={view.value} />
      <UndoToast />
    </div>
  );
}

function ViewBody({ view }: { view: DashboardView }) {
  if (view === 'agents') {
    return (
      <main class="content wide">
        <AgentsPage />
      </main>
    );
  }
  if (view === 'settings') return <SettingsView />;
  if (view === 'analytics') {
    return (
      <main class="content wide">
        <AnalyticsPage />
      </main>
    );
  }
  return <TodayView />;
}

function TodayView() {
  const { workspaces, sessions, scan, companion } = useModel();
  const current = sessions.current.value;
  // Pairing is part of getting started: until the companion is connected, its card is here too.
  const companionConnected = companion.status.value?.state === 'connected';
  const scanned = workspaces.list.value?.find((w) => w.id === scan.workspaceId.value);
  // Latched: the offer stays (to say it worked) after a restore fills the page.
  const offerRestore = useRef(false);
  if (workspaces.list.value?.length === 0 && !current && !sessions.lastEnded.value) offerRestore.current = true;
  const freshProfile = offerRestore.current;
  const step = flowStep({ planning: sessions.planning.value, current: current?.session ?? null, lastEnded: sessions.lastEnded.value, now: Date.now() });
  return (
      <main class="content">
        {freshProfile && <RestoreOffer />}
        <FlowSteps step={step} />
        {scanned && <ScanView workspaceName={scanned.name} />}
        {current ? (
          <SessionView current={current} />
        ) : (
          <>
            {/* The last session's summary is the Summary step; later it lives in History. */}
            {sessions.lastEnded.value && step === 'summary' && <SummaryCard session={sessions.lastEnded.value} />}
            <section class="card" aria-labelledby="plan-form-heading">
              <h2 id="plan-form-heading">Plan a session</h2>
              <PlanForm />
            </section>
          </>
        )}
        <section class="card" aria-labelledby="history-heading">
          <h2 id="history-heading">History</h2>
          <HistoryCard />
        </section>
        {!companionConnected && <CompanionCard />}
        <section class="card" aria-labelledby="ws-heading">
          <h2 id="ws-heading">Workspaces</h2>
          <p class="muted">A workspace is a local repository you run sessions in, optionally linked to its GitHub repo.</p>
          <WorkspaceList />
        </section>
        <section class="card" aria-labelledby="new-ws-heading">
          <h2 id="new-ws-heading">Add a workspace</h2>
          <WorkspaceForm onSubmit={(draft) => workspaces.save(draft)} />
        </section>
      </main>
  );
}

/** Settings: the companion, Claude and GitHub, backups, the clock. */
function SettingsView() {
  return (
    <main class="content">
        <CompanionCard />
        <section class="card" aria-labelledby="ai-heading">
          <h2 id="ai-heading">Claude and GitHub</h2>
          <AiSettingsCard />
        </section>
        <section class="card" aria-labelledby="backup-heading">
          <h2 id="backup-heading">Backup</h2>
          <BackupCard />
        </section>
        <section class="card" aria-labelledby="clock-heading">
          <h2 id="clock-heading">Clock</h2>
          <ClockSettingsCard />
        </section>
    </main>
  );
}

const BADGE: Record<string, [string, string]> = { connected: ['ok', 'connected'], connecting: ['wait', 'connecting…'], not_paired: ['off', 'not paired'] };

/** The companion's state at a glance in the header; its card (pairing, the fix) is in Settings. */
function CompanionBadge() {
  const { companion } = useModel();
  const state = companion.status.value?.state ?? 'unknown';
  const [dot, label] = BADGE[state] ?? ['bad', state === 'unknown' ? 'checking…' : 'not running'];
  return (
    <a class="companion-badge" href="#settings" data-state={state} title={companion.status.value?.message ?? ''}>
      <span class={`dot ${dot}`} aria-hidden="true" />
      Companion {label}
    </a>
  );
}
