// Runs in jsdom: the replay renders model Markdown through DOMPurify, which does not support happy-dom.
// @vitest-environment jsdom
import { signal } from '@preact/signals';
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationItem } from '../../../../shared/protocol/agent-methods';
import type { Workspace } from '../../../../shared/domain/workspace';
import { createDb, type SessionPilotDb } from '../../../lib/db/db';
import { ModelContext, type DashboardModel } from '../model/model-context';
import { createAgentListModel } from './agent-list-model';
import { AgentList } from './agent-list';
import { AgentSessionView } from './agent-session-view';
import { AgentsContext, type AgentsModel } from './agents-context';
import { fakeAgentCompanion, summary, type FakeAgentCompanion } from './fake-agent-companion';
import type { CompanionStatus } from '../../../lib/snapshot/session-snapshot';

const HOSTILE = '**Done.** <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![p](https://evil.example/p.png) <script>alert(2)</script> <iframe src="https://evil.example/"></iframe>';

const items: ConversationItem[] = [
  { kind: 'user', at: 1_000, line: 1, text: 'Why does the cart <b>fail</b>?', omittedChars: 0 },
  { kind: 'thinking', at: 1_100, line: 2, text: 'Let me look at the cart.', omittedChars: 0 },
  { kind: 'tool_use', at: 1_200, line: 3, toolUseId: 't1', name: 'Bash', summary: 'npm test', input: '{\n  "command": "npm test"\n}', omittedChars: 0 },
  { kind: 'tool_result', at: 1_300, line: 4, toolUseId: 't1', isError: true, text: `FAIL cart.test.ts\n${'x'.repeat(2_000)}`, omittedChars: 12_345 },
  { kind: 'assistant', at: 1_400, line: 5, text: HOSTILE, omittedChars: 0, model: 'claude-sonnet-4-5', isSidechain: false },
  { kind: 'assistant', at: 1_450, line: 6, text: 'A subagent found it.', omittedChars: 0, model: null, isSidechain: true },
  { kind: 'system', at: 1_500, line: 7, text: 'Conversation compacted', omittedChars: 0 },
  ...Array.from({ length: 400 }, (_, i): ConversationItem => ({ kind: 'assistant', at: 2_000 + i, line: 8 + i, text: `Step ${i}`, omittedChars: 0, model: 'm', isSidechain: false })),
  { kind: 'user', at: 9_000, line: 408, text: 'And the second question?', omittedChars: 0 },
];

const workspaces: Workspace[] = [{ id: 'w1', name: 'shop', path: '/src/shop', createdAt: 0, updatedAt: 0 }];
let db: SessionPilotDb;
let fake: FakeAgentCompanion;
let saved: unknown[];

beforeEach(async () => {
  db = createDb(`agent-view-${crypto.randomUUID()}`);
  await db.open();
  fake = fakeAgentCompanion([summary('abc', { cost: null, title: 'Why does the cart fail?' })], { 'claude:abc': items });
  saved = [];
});
afterEach(cleanup);

function mount(ui: preact.ComponentChild, status: CompanionStatus = { state: 'connected', port: 1, message: 'Connected.' }) {
  const ws = signal<Workspace[] | null>(workspaces);
  const now = () => 10_000;
  const agents: AgentsModel = {
    list: createAgentListModel({ db, call: fake.call, now, workspaces: ws }),
    call: fake.call,
    db,
    now,
    workspaces: ws,
    saveReview: async (input) => {
      saved.push(input);
      return null;
    },
    deleteReview: async () => null,
  };
  const dashboard = { workspaces: { list: ws }, companion: { status: signal(status) } } as unknown as DashboardModel;
  return {
    agents,
    ...render(
      <ModelContext.Provider value={dashboard}>
        <AgentsContext.Provider value={agents}>{ui}</AgentsContext.Provider>
      </ModelContext.Provider>,
    ),
  };
}

describe('agent session view', () => {
  it('shows every item kind in order, with the hostile Markdown inert', async () => {
    const { container, findByText } = mount(<AgentSessionView sessionRef={{ agent: 'claude', sessionId: 'abc' }} />);
    await findByText('Done.');
    const kinds = [...container.querySelectorAll('[data-kind]')].slice(0, 7).map((el) => el.getAttribute('data-kind'));
    expect(kinds).toEqual(['user', 'thinking', 'tool_use', 'tool_result', 'assistant', 'assistant', 'system']);
    // Only the first page (200 items) is rendered.
    expect(container.querySelectorAll('[data-kind]')).toHaveLength(200);
    // The user's text is text; the hostile reply made nothing live.
    expect(container.querySelector('[data-kind="user"]')?.textContent).toContain('Why does the cart <b>fail</b>?');
    expect(container.querySelectorAll('img, script, iframe')).toHaveLength(0);
    for (const el of container.querySelectorAll('*')) for (const a of el.getAttributeNames()) expect(a.startsWith('on'), `${el.nodeName} ${a}`).toBe(false);
    for (const a of container.querySelectorAll('a[href]')) expect(a.getAttribute('href')).not.toMatch(/^\s*(javascript|data):/i);
    expect(container.textContent).toContain('[image: p]');
    // Tool call named, its long error folded, the cut counted; thinking folded; the subagent marked.
    expect(container.querySelector('[data-kind="tool_use"] .tool-name')?.textContent).toBe('Bash');
    expect(container.querySelector('[data-kind="tool_result"] details summary')?.textContent).toMatch(/^Error output · 2,018 characters/);
    expect(container.querySelector('[data-kind="tool_result"]')?.textContent).toContain('… 12,345 more characters not shown');
    expect(container.querySelector('[data-kind="thinking"] details')?.hasAttribute('open')).toBe(false);
    expect(container.querySelector('.item-assistant.sidechain')?.textContent).toContain('sidechain');
    // The header: cost unknown, never $0.
    await findByText('price unknown');
  });

  it('loads more, and jumps to a question not loaded yet', async () => {
    const { container, findByText, getByRole } = mount(<AgentSessionView sessionRef={{ agent: 'claude', sessionId: 'abc' }} />);
    await findByText('Done.');
    fireEvent.click(getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(container.querySelectorAll('[data-kind]')).toHaveLength(400));
    const jump = getByRole('button', { name: 'And the second question?' });
    fireEvent.click(jump);
    await waitFor(() => expect(container.querySelector('[data-kind]')?.getAttribute('data-line')).toBe('408'));
    expect(container.textContent).toContain('Show from the beginning');
  });

  it('saves a review with the linked SessionPilot session', async () => {
    await db.sessions.put({ id: 'sp1', workspaceId: 'w1', goal: 'Fix the cart', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', createdAt: 500, startedAt: 500, endedAt: 5_000 });
    const { findByText, getByLabelText, getByRole } = mount(<AgentSessionView sessionRef={{ agent: 'claude', sessionId: 'abc' }} />);
    await findByText(/Fix the cart ·/);
    fireEvent.click(getByLabelText('Needs fix'));
    fireEvent.input(getByLabelText('Review note'), { target: { value: 'tests still fail' } });
    fireEvent.click(getByRole('button', { name: 'Save review' }));
    await waitFor(() => expect(saved).toEqual([{ agent: 'claude', sessionId: 'abc', rating: 'needs_fix', note: 'tests still fail', links: [], spSessionId: 'sp1' }]));
  });
});

describe('agent list view', () => {
  it('shows the range, the cost as "price unknown", and the row links to the session', async () => {
    const { agents, findByText, getByRole } = mount(<AgentList />);
    await agents.list.reload();
    await findByText('1–1 of 1');
    expect(getByRole('link', { name: 'Why does the cart fail?' }).getAttribute('href')).toBe('#agents/claude/abc');
    expect(getByRole('table', { name: 'Agent sessions' }).textContent).toContain('price unknown');
  });

  it('says in one sentence what to do when the companion is not connected', async () => {
    fake.failWith = { code: 'companion_unavailable', message: 'The companion is not running on port 47631. Start it in a terminal: npx sessionpilot serve --port 47631' };
    const { agents, findByRole } = mount(<AgentList />, { state: 'offline', port: 47631, message: 'The companion is not running on port 47631. Start it in a terminal:', fix: 'npx sessionpilot serve --port 47631' });
    await agents.list.reload();
    const alert = await findByRole('alert');
    expect(alert.textContent).toBe('Agent sessions are read by the companion, which is not connected: run npx sessionpilot serve --port 47631 in a terminal, then check Settings.');
  });
});
