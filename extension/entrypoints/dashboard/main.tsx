import { render } from 'preact';
import { createDb } from '../../lib/db/db';
import { App } from './app';
import { createWorkspacesModel } from './model/workspaces-model';
import { ModelContext } from './model/model-context';
import './dashboard.css';

const db = createDb();
const model = { workspaces: createWorkspacesModel(db) };
// Durable storage: navigator.storage.persist exists only in window contexts, so ask from here.
void navigator.storage?.persist?.();
render(
  <ModelContext.Provider value={model}>
    <App />
  </ModelContext.Provider>,
  document.getElementById('app')!,
);
