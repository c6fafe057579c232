import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { BackupModel } from './backup-model';
import type { CompanionModel } from './companion-model';
import type { HistoryModel } from './history-model';
import type { ScanModel } from './scan-model';
import type { SessionModel } from './session-model';
import type { WorkspacesModel } from './workspaces-model';
import type { Signal } from '@preact/signals';
import type { DashboardView } from './dashboard-view';
import type { StartModel } from './start-model';

export interface DashboardModel {
  workspaces: WorkspacesModel;
  companion: CompanionModel;
  sessions: SessionModel;
  scan: ScanModel;
  backup: BackupModel;
  history: HistoryModel;
  /** Which top-level view is shown (follows the URL hash). */
  view: Signal<DashboardView>;
  start: StartModel;
}

export const ModelContext = createContext<DashboardModel | null>(null);

export function useModel(): DashboardModel {
  const model = useContext(ModelContext);
  if (!model) throw new Error('useModel() outside <ModelContext.Provider>');
  return model;
}
