import { signal, type Signal } from '@preact/signals';

/** The dashboard's top-level views, addressed by the URL hash so a view can be linked and reloaded. */
export const DASHBOARD_VIEWS = [
  { id: 'today', label: 'Today' },
  { id: 'agents', label: 'Agent sessions' },
  { id: 'analytics', label: 'Analytics' },
  { id: 'settings', label: 'Settings' },
] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number]['id'];

/** The view a hash names (`#agents`, `#analytics/…`); anything else is Today. */
export function viewOfHash(hash: string): DashboardView {
  const head = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return DASHBOARD_VIEWS.find((v) => v.id === head)?.id ?? 'today';
}

/** A signal following `location.hash`. */
export function createViewSignal(win: Window): Signal<DashboardView> {
  const view = signal(viewOfHash(win.location.hash));
  win.addEventListener('hashchange', () => (view.value = viewOfHash(win.location.hash)));
  return view;
}
