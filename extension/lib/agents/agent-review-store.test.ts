import { beforeEach, describe, expect, it } from 'vitest';
import { createDb, type SessionPilotDb } from '../db/db';
import { AgentReviewInputSchema, type AgentReviewInput } from './agent-review-input';
import { deleteAgentReview, saveAgentReview } from './agent-review-store';
import { agentReviewTally } from './agent-review-tally';
import { handleRuntimeMessage, type BackgroundDeps } from '../background/message-router';

let db: SessionPilotDb;
beforeEach(async () => {
  db = createDb(`agent-reviews-${crypto.randomUUID()}`);
  await db.open();
  await db.sessions.put({ id: 'sp1', workspaceId: 'w', goal: 'g', budgetMinutes: 60, focus: { bugs: 1, features: 1, refactor: 1 }, status: 'completed', createdAt: 1 });
});

const base: AgentReviewInput = { agent: 'claude', sessionId: 'abc', rating: 'ok', note: '  fine  ', links: [], spSessionId: 'sp1' };

describe('agent review store', () => {
  it('saves a verdict keyed agent:sessionId, trimmed, with its SessionPilot session', async () => {
    const saved = await saveAgentReview(db, base, 100);
    expect(saved).toEqual({ ok: true, value: { id: 'claude:abc', agent: 'claude', sessionId: 'abc', rating: 'ok', note: 'fine', links: [], spSessionId: 'sp1', createdAt: 100, updatedAt: 100 } });
    expect(await db.agentReviews.where('spSessionId').equals('sp1').count()).toBe(1);
  });

  it('rating again replaces the verdict and keeps when it was first rated', async () => {
    await saveAgentReview(db, base, 100);
    const again = await saveAgentReview(db, { ...base, rating: 'reverted', note: 'broke prod', links: ['codex:s2'] }, 200);
    expect(again).toMatchObject({ ok: true, value: { rating: 'reverted', note: 'broke prod', links: ['codex:s2'], createdAt: 100, updatedAt: 200 } });
    expect(await db.agentReviews.count()).toBe(1);
  });

  it('keeps links unique, drops a link to itself, and refuses one that is not an agent session', async () => {
    const saved = await saveAgentReview(db, { ...base, links: ['codex:s2', 'codex:s2', 'claude:abc', 'claude:zz'] }, 1);
    expect(saved).toMatchObject({ ok: true, value: { links: ['codex:s2', 'claude:zz'] } });
    expect(await saveAgentReview(db, { ...base, links: ['session:sp1'] }, 1)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await saveAgentReview(db, { ...base, links: ['claude: x'] }, 1)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('refuses a missing SessionPilot session and an over-long note, storing nothing', async () => {
    expect(await saveAgentReview(db, { ...base, spSessionId: 'gone' }, 1)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await saveAgentReview(db, { ...base, note: 'x'.repeat(5_001) }, 1)).toMatchObject({ ok: false, error: { code: 'invalid', message: 'A review note can be at most 5,000 characters.' } });
    expect(await db.agentReviews.count()).toBe(0);
  });

  it('saves without a SessionPilot session when none was found', async () => {
    const { spSessionId: _sp, ...unlinked } = base;
    const saved = await saveAgentReview(db, unlinked, 1);
    expect(saved.ok && 'spSessionId' in saved.value).toBe(false);
  });

  it('deletes a verdict', async () => {
    await saveAgentReview(db, base, 1);
    expect(await deleteAgentReview(db, 'claude:abc')).toEqual({ ok: true, value: { deleted: true } });
    expect(await deleteAgentReview(db, 'claude:abc')).toEqual({ ok: true, value: { deleted: false } });
  });

  it('parses page input strictly', () => {
    expect(AgentReviewInputSchema.safeParse({ ...base, agent: 'gpt' }).success).toBe(false);
    expect(AgentReviewInputSchema.safeParse({ ...base, rating: 'great' }).success).toBe(false);
  });
});

describe('agent review tally', () => {
  it('says how many agent sessions were rated and how', () => {
    expect(agentReviewTally([])).toBeNull();
    expect(agentReviewTally([{ rating: 'needs_fix' }, { rating: 'ok' }])).toBe('2 (1 OK, 1 Needs fix)');
    expect(agentReviewTally([{ rating: 'needs_fix' }])).toBe('1 Needs fix');
    expect(agentReviewTally([{ rating: 'ok' }, { rating: 'ok' }, { rating: 'reverted' }])).toBe('3 (2 OK, 1 Reverted)');
  });
});

describe('agent reviews through the runtime router', () => {
  const deps = () =>
    ({
      db,
      now: () => 500,
      newId: () => 'x',
      schedulePurge: () => {},
      link: { status: { state: 'not_paired', port: 1, message: '' } },
      runner: { sync: async () => {} },
      broadcast: () => {},
      openDashboard: async () => {},
      publish: async () => {},
    }) as unknown as BackgroundDeps;

  it('saves and deletes for an extension page; a web page cannot', async () => {
    const review = { agent: 'codex', sessionId: 's9', rating: 'partial', note: 'half', links: ['claude:abc'], spSessionId: 'sp1' };
    expect(await handleRuntimeMessage({ type: 'agentReview.save', review }, 'github_content_script', deps())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await db.agentReviews.count()).toBe(0);
    expect(await handleRuntimeMessage({ type: 'agentReview.save', review }, 'extension_page', deps())).toMatchObject({ ok: true, result: { id: 'codex:s9', rating: 'partial', updatedAt: 500 } });
    expect(await handleRuntimeMessage({ type: 'agentReview.save', review: { ...review, rating: 'meh' } }, 'extension_page', deps())).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await handleRuntimeMessage({ type: 'agentReview.delete', id: 'codex:s9' }, 'extension_page', deps())).toEqual({ ok: true, result: { deleted: true } });
  });
});
