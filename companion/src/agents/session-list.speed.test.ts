import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assistantLine } from '../usage/log-fixtures';
import { SessionCatalog } from './session-catalog';
import { listSessions } from './session-list';

let base: string | undefined;
afterEach(() => {
  if (base) rmSync(base, { recursive: true, force: true });
  base = undefined;
});

/** `n` Claude Code sessions of `lines` lines each, in 50 projects. */
function writeSessions(claudeDir: string, root: string, n: number, lines: number): void {
  const t0 = Date.parse('2026-10-01T09:00:00.000Z');
  for (let i = 0; i < n; i++) {
    const cwd = join(root, `project-${i % 50}`);
    const dir = join(claudeDir, 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-'));
    mkdirSync(dir, { recursive: true });
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const out: string[] = [];
    for (let k = 0; k < lines; k++) {
      const ts = new Date(t0 + i * 600_000 + k * 1000).toISOString();
      if (k % 10 === 0) out.push(JSON.stringify({ type: 'user', isSidechain: false, cwd, sessionId: id, version: '2.0.14', message: { role: 'user', content: `Question ${k / 10} of session ${i}: fix the build` }, uuid: `u${k}`, timestamp: ts }));
      else if (k % 2 === 1) out.push(assistantLine({ ts, msgId: `m_${i}_${k}`, reqId: `r_${i}_${k}`, session: id, cwd, content: [{ type: 'text', text: `Reply ${k}: ${'done '.repeat(40)}` }] }));
      else out.push(JSON.stringify({ type: 'user', isSidechain: false, cwd, sessionId: id, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${k}`, content: 'ok '.repeat(300) }] }, timestamp: ts }));
    }
    writeFileSync(join(dir, `${id}.jsonl`), `${out.join('\n')}\n`);
  }
}

describe('agents.sessions speed', () => {
  it('lists thousands of sessions quickly once indexed, and re-reads only a file that changed', async () => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'sp-agents-speed-')));
    const root = join(base, 'work');
    mkdirSync(root);
    const n = 3_000;
    writeSessions(join(base, 'claude'), root, n, 40);
    const env = { CLAUDE_CONFIG_DIR: join(base, 'claude'), CODEX_HOME: join(base, 'no-codex'), HOME: base };
    const home = join(base, 'home');
    const q = { offset: 0, limit: 100 };

    let t = performance.now();
    const cold = await listSessions(new SessionCatalog(home, env), q, [root]);
    const coldMs = performance.now() - t;
    expect(cold.ok && cold.value.total).toBe(n);

    const catalog = new SessionCatalog(home, env);
    t = performance.now();
    const restart = await listSessions(catalog, q, [root]);
    const restartMs = performance.now() - t;
    expect(restart.ok && restart.value.total).toBe(n);

    await new Promise((r) => setTimeout(r, 1_100));
    t = performance.now();
    const warm = await listSessions(catalog, { ...q, query: 'session 2999' }, [root]);
    const warmMs = performance.now() - t;
    expect(warm.ok && warm.value.total).toBe(1);

    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      await listSessions(catalog, { offset: i * 100, limit: 100 }, [root]);
      times.push(performance.now() - t);
    }
    const pageMs = times.sort((a, b) => a - b)[10]!;

    const id = '00000000-0000-4000-8000-000000000007';
    const file = join(base, 'claude', 'projects', join(root, 'project-7').replace(/[^A-Za-z0-9]/g, '-'), `${id}.jsonl`);
    appendFileSync(file, `${assistantLine({ ts: '2026-11-01T09:00:00.000Z', msgId: 'late', reqId: 'late', session: id, cwd: join(root, 'project-7') })}\n`);
    await new Promise((r) => setTimeout(r, 1_100));
    t = performance.now();
    const changed = await listSessions(catalog, q, [root]);
    const changedMs = performance.now() - t;
    expect(changed.ok && changed.value.sessions[0]!.sessionId).toBe(id);

    console.log(
      `${n} sessions (${n * 40} lines): first list ${coldMs.toFixed(0)} ms (index + usage import), new process ${restartMs.toFixed(0)} ms, unchanged re-list ${warmMs.toFixed(0)} ms (walk + stat), page in the TTL ${pageMs.toFixed(1)} ms (median), after one file grew ${changedMs.toFixed(0)} ms`,
    );
    expect(pageMs).toBeLessThan(100);
  }, 120_000);
});
