import { render } from 'preact';
import { loadInitial, Popup } from './popup';
import './popup.css';

// One storage read, then the first paint already shows the real time left.
void loadInitial().then((initial) => render(<Popup initial={initial} />, document.getElementById('app')!));
