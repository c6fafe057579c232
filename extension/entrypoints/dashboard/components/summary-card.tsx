import { useEffect, useState } from 'preact/hooks';
import type { Task } from '../../../../shared/domain/task';
import { AgentUsage } from './agent-usage';
import { downloadText } from '../../../lib/ui/download';
import { ReviewForm } from './review-form';
import type { Session } from '../../../../shared/domain/session';
import { useModel } from '../model/model-context';
import { AgentReviewTally } from '../agents/agent-review-tally';


function fileName(session: Session): string {
  const day = new Date(session.endedAt ?? session.createdAt).toISOString().slice(0, 10);
  return `sessionpilot-${day}.md`;
}

function EndedUsage({ session }: { session: Session }) {
  const { sessions } = useModel();
  const [tasks, setTasks] = useState<Task[]>([]);
  useEffect(() => {
    void sessions.tasksOf(session.id).then(setTasks);
  }, [session.id]);
  return <AgentUsage sessionId={session.id} tasks={tasks} live={false} />;
}

/** The last session's summary and "start here tomorrow" handoff: copy, export, or plan the next one from it. */
export function SummaryCard({ session }: { session: Session }) {
  const { sessions } = useModel();
  const [copied, setCopied] = useState<string | null>(null);
  if (!session.summary && !session.handoff) {
    return (
      <section class="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Last session</h2>
        <p class="muted" role="status">
          {session.endedAt !== undefined && Date.now() - session.endedAt > 5 * 60_000 ? 'No summary was written for this session; its tasks and events are in History.' : 'Writing the summary…'}
        </p>
      </section>
    );
  }
  const both = `${session.summary ?? ''}\n${session.handoff ?? ''}`;
  return (
    <section class="card summary" aria-labelledby="summary-heading">
      <div class="card-head">
        <h2 id="summary-heading">Last session</h2>
        <div class="form-actions">
          <button
            type="button"
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(session.handoff ?? '');
                setCopied('Handoff copied.');
              } catch {
                setCopied('The browser did not allow copying; select the text instead.');
              }
            }}
          >
            Copy handoff
          </button>
          <button type="button" onClick={() => downloadText(fileName(session), both, 'text/markdown')}>
            Export Markdown
          </button>
          {session.nextGoal && (
            <button type="button" class="primary" onClick={() => (sessions.suggestedGoal.value = session.nextGoal ?? null)}>
              Plan the next session from this
            </button>
          )}
        </div>
      </div>
      {copied && (
        <p class="muted small" role="status">
          {copied}
        </p>
      )}
      <h3>Start here tomorrow</h3>
      <pre class="markdown" aria-label="Handoff">
        {session.handoff}
      </pre>
      <ReviewForm sessionId={session.id} />
      <AgentReviewTally spSessionId={session.id} />
      {session.startedAt !== undefined && <EndedUsage session={session} />}
      <details>
        <summary>Summary</summary>
        <pre class="markdown" aria-label="Summary">
          {session.summary}
        </pre>
      </details>
    </section>
  );
}
