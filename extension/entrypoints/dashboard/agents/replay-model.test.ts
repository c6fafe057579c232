import { describe, expect, it } from 'vitest';
import type { ConversationItem } from '../../../../shared/protocol/agent-methods';
import { fakeAgentCompanion, summary } from './fake-agent-companion';
import { createReplayModel, fetchWholeSession, REPLAY_PAGE } from './replay-model';

/** A long session: a question every 50 items, assistant replies between. */
function longLog(n: number): ConversationItem[] {
  return Array.from({ length: n }, (_, i): ConversationItem =>
    i % 50 === 0 ? { kind: 'user', at: i, line: i + 1, text: `Question ${i / 50}`, omittedChars: 0 } : { kind: 'assistant', at: i, line: i + 1, text: `Reply ${i}`, omittedChars: 0, model: 'm', isSidechain: false },
  );
}

const ref = { agent: 'claude' as const, sessionId: 'long' };

describe('replay model', () => {
  it('opens with the first page and the outline, and loads more a page at a time', async () => {
    const fake = fakeAgentCompanion([summary('long')], { 'claude:long': longLog(10_000) });
    const replay = createReplayModel(ref, fake.call);
    await replay.open();
    expect(replay.items.value).toHaveLength(REPLAY_PAGE);
    expect(replay.outline.value?.questions).toHaveLength(200);
    expect(replay.nextCursor.value).not.toBeNull();
    await replay.loadMore();
    expect(replay.items.value).toHaveLength(2 * REPLAY_PAGE);
    expect(replay.items.value.map((i) => i.line)).toEqual(Array.from({ length: 2 * REPLAY_PAGE }, (_, i) => i + 1));
  });

  it('jumps to a question: the run starts there, and can go back to the beginning', async () => {
    const fake = fakeAgentCompanion([summary('long')], { 'claude:long': longLog(10_000) });
    const replay = createReplayModel(ref, fake.call);
    await replay.open();
    const q = replay.outline.value!.questions[150]!;
    await replay.jumpTo(q.cursor);
    expect(replay.items.value[0]).toMatchObject({ kind: 'user', text: 'Question 150' });
    expect(replay.startCursor.value).toBe(q.cursor);
    await replay.jumpTo(null);
    expect(replay.items.value[0]?.line).toBe(1);
    expect(replay.startCursor.value).toBeNull();
  });

  it('keeps the newest request when a jump overtakes a slow page', async () => {
    const fake = fakeAgentCompanion([summary('long')], { 'claude:long': longLog(1_000) });
    const slowFirst: typeof fake.call = (async (method: string, params: never) => {
      if (method === 'agents.session.page' && !(params as { cursor?: string }).cursor) await new Promise((r) => setTimeout(r, 30));
      return fake.call(method as never, params);
    }) as typeof fake.call;
    const replay = createReplayModel(ref, slowFirst);
    const opening = replay.open();
    await replay.jumpTo('c:500');
    await opening;
    expect(replay.items.value[0]?.line).toBe(501);
  });

  it('stops at the end of the log', async () => {
    const fake = fakeAgentCompanion([summary('short')], { 'claude:short': longLog(30) });
    const replay = createReplayModel({ agent: 'claude', sessionId: 'short' }, fake.call);
    await replay.open();
    expect(replay.nextCursor.value).toBeNull();
    await replay.loadMore();
    expect(fake.calls.filter((c) => c.method === 'agents.session.page')).toHaveLength(1);
  });

  it('says why a session cannot be read', async () => {
    const fake = fakeAgentCompanion([], {});
    const replay = createReplayModel(ref, fake.call);
    await replay.open();
    expect(replay.error.value?.code).toBe('not_found');
  });
});

describe('whole session for an export', () => {
  it('fetches every page with progress (given a whole summary, it sends only the ref the strict params take)', async () => {
    const fake = fakeAgentCompanion([summary('long')], { 'claude:long': longLog(1_234) });
    const progress: number[] = [];
    const r = await fetchWholeSession(summary('long'), fake.call, (_pages, items) => progress.push(items));
    expect(r.ok && [r.value.items.length, r.value.complete]).toEqual([1_234, true]);
    expect(progress).toEqual([500, 1000, 1234]);
  });

  it('stops at its bound and says the export is not complete', async () => {
    const fake = fakeAgentCompanion([summary('long')], { 'claude:long': longLog(10_000) });
    const r = await fetchWholeSession(ref, fake.call, () => {}, { maxPages: 3 });
    expect(r.ok && [r.value.items.length, r.value.complete]).toEqual([1_500, false]);
  });
});
