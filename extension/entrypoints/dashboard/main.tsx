import { render } from 'preact';
import { createDb } from '../../lib/db/db';
import { App } from './app';
import { createBackupModel } from './model/backup-model';
import { createCompanionModel } from './model/companion-model';
import { createHistoryModel } from './model/history-model';
import { createScanModel } from './model/scan-model';
import { createSessionModel } from './model/session-model';
import { createWorkspacesModel } from './model/workspaces-model';
import { ModelContext } from './model/model-context';
import { createViewSignal } from './model/dashboard-view';
import { createStartModel } from './model/start-model';
import './dashboard.css';

const db = createDb();
const model = { workspaces: createWorkspacesModel(db), companion: createCompanionModel(), sessions: createSessionModel(db), scan: createScanModel(), backup: createBackupModel(db), history: createHistoryModel(db), view: createViewSignal(window), start: createStartModel(db) };
// Durable storage: navigator.storage.persist exists only in window contexts, so ask from here.
void navigator.storage?.persist?.();
render(
  <ModelContext.Provider value={model}>
    <App />
  </ModelContext.Provider>,
  document.getElementById('app')!,
);
