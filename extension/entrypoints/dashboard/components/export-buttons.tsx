import type { SessionEvent } from '../../../../shared/domain/event';
import type { Session } from '../../../../shared/domain/session';
import type { Task } from '../../../../shared/domain/task';
import { sessionToHtml, sessionToJson, sessionToMarkdown } from '../../../../shared/export/session-export';
import { downloadText } from '../../../lib/ui/download';
import { useModel } from '../model/model-context';

/** Exports one session as Markdown, JSON or a standalone HTML page (escaped; no script can run in it). */
export function ExportButtons({ session, tasks, events }: { session: Session; tasks: Task[]; events: SessionEvent[] }) {
  const { sessions, workspaces } = useModel();
  const save = async (kind: 'md' | 'json' | 'html') => {
    const review = await sessions.reviewOf(session.id);
    const input = {
      session,
      tasks,
      events,
      workspaceName: workspaces.list.value?.find((w) => w.id === session.workspaceId)?.name ?? 'workspace',
      review: review ? { rating: review.rating, note: review.note } : null,
    };
    const day = new Date(session.startedAt ?? session.createdAt).toISOString().slice(0, 10);
    const name = `sessionpilot-${day}-${session.id.slice(0, 8)}.${kind}`;
    if (kind === 'md') downloadText(name, sessionToMarkdown(input), 'text/markdown');
    else if (kind === 'json') downloadText(name, sessionToJson(input), 'application/json');
    else downloadText(name, sessionToHtml(input), 'text/html');
  };
  return (
    <div class="form-actions" role="group" aria-label="Export this session">
      <span class="muted small">Export:</span>
      <button type="button" onClick={() => void save('md')}>
        Markdown
      </button>
      <button type="button" onClick={() => void save('json')}>
        JSON
      </button>
      <button type="button" onClick={() => void save('html')}>
        HTML
      </button>
    </div>
  );
}
