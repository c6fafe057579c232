import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Cost, tokens and time as charts with a table beside each. The view and uPlot are a separate
 * chunk, fetched when Analytics is first opened, so Today and the popup never load them.
 */
export function AnalyticsPage() {
  const [View, setView] = useState<ComponentType | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let stopped = false;
    import('./analytics-view')
      .then((m) => !stopped && setView(() => m.default))
      .catch(() => !stopped && setFailed(true));
    return () => {
      stopped = true;
    };
  }, []);
  if (View) return <View />;
  return (
    <section class="card" aria-labelledby="analytics-heading">
      <h2 id="analytics-heading">Analytics</h2>
      <p class="muted">{failed ? 'The Analytics view could not be loaded; reload the page.' : 'Loading…'}</p>
    </section>
  );
}
