/** Cost, tokens and time, as charts with a table beside each (agent sessions issue). */
export function AnalyticsPage() {
  return (
    <section class="card" aria-labelledby="analytics-heading">
      <h2 id="analytics-heading">Analytics</h2>
      <p class="empty">Coming in this change.</p>
    </section>
  );
}
