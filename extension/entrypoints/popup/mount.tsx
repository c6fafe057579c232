import { render } from 'preact';
import { loadInitial, Popup } from './popup';
import './popup.css';

/** Renders the popup app over the boot script's early paint, in one task: no frame shows both. */
export async function mount(): Promise<void> {
  const initial = await loadInitial();
  const app = document.getElementById('app')!;
  const painted = app.childElementCount > 0;
  app.textContent = '';
  // The boot paint's inline styles give way to the stylesheet, now loaded.
  document.body.removeAttribute('style');
  render(<Popup initial={initial} />, app);
  // The speed benchmark checks that the first paint already held the real time left.
  if (!painted) performance.mark('sessionpilot:first-render');
}
