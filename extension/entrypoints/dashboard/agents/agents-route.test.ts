import { describe, expect, it } from 'vitest';
import { agentSessionHash, agentsRouteOf } from './agents-route';

describe('agents route', () => {
  it('reads the list and a session from the hash', () => {
    expect(agentsRouteOf('#agents')).toEqual({ kind: 'list' });
    expect(agentsRouteOf('#agents/claude/abc-123')).toEqual({ kind: 'session', ref: { agent: 'claude', sessionId: 'abc-123' } });
    expect(agentsRouteOf('#agents/codex/a%2Fb%20c')).toEqual({ kind: 'session', ref: { agent: 'codex', sessionId: 'a/b c' } });
  });
  it('falls back to the list for anything else', () => {
    for (const hash of ['', '#today', '#agents/gpt/x', '#agents/claude/', '#agents/claude/%E0%A4%A']) expect(agentsRouteOf(hash)).toEqual({ kind: 'list' });
  });
  it('round-trips a session id through the hash', () => {
    const ref = { agent: 'claude' as const, sessionId: 'weird/#?&id' };
    expect(agentsRouteOf(agentSessionHash(ref))).toEqual({ kind: 'session', ref });
  });
});
