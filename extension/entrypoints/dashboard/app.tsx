import { AiSettingsCard } from './components/ai-settings-card';
import { BackupCard } from './components/backup-card';
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
import { useModel } from './model/model-context';

export function App() {
  const { workspaces, sessions, scan } = useModel();
  const current = sessions.current.value;
  const scanned = workspaces.list.value?.find((w) => w.id === scan.workspaceId.value);
  return (
    <div class="page">
      <header class="topbar">
        <h1>
          <span class="logo" aria-hidden="true">◷</span> SessionPilot
        </h1>
        <ThemeSelect />
      </header>
      <main class="content">
        {scanned && <ScanView workspaceName={scanned.name} />}
        {current ? (
          <SessionView current={current} />
        ) : (
          <>
            {sessions.lastEnded.value && <SummaryCard session={sessions.lastEnded.value} />}
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
      <UndoToast />
    </div>
  );
}
