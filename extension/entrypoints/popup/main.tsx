import { render } from 'preact';
import { loadInitial, Popup } from './popup';
import './popup.css';

// One storage read (started by popup-boot.js), then the app paints the real time left.
void loadInitial().then((initial) => {
  const app = document.getElementById('app')!;
  const painted = app.childElementCount > 0;
  // The boot script's early paint is replaced in this same task: no frame shows both.
  app.textContent = '';
  render(<Popup initial={initial} />, app);
  // The speed benchmark checks that the first paint already held the real time left.
  if (!painted) performance.mark('sessionpilot:first-render');
});
