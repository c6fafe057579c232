import type { PopupBoot } from '../../lib/snapshot/popup-boot';

// popup-boot.js has started the one storage read and paints the time left when it arrives. The
// app (Preact, the snapshot schema, the stylesheet) loads only after that frame, so none of it
// delays the first paint.
const boot = (window as unknown as PopupBoot).__sessionpilotBoot;
void Promise.resolve(boot)
  .then(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))))
  .then(() => import('./mount'))
  .then(({ mount }) => mount());
