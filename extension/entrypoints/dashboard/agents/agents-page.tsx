/** Agent sessions: list, replay, review (agent sessions issue). */
export function AgentsPage() {
  return (
    <section class="card" aria-labelledby="agents-heading">
      <h2 id="agents-heading">Agent sessions</h2>
      <p class="empty">Coming in this change.</p>
    </section>
  );
}
