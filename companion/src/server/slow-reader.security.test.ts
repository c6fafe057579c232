import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { authToken, EXT_ORIGIN, startHarness, type Harness } from './test-fixtures';

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.stop();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('a client that stops reading', () => {
  it('is dropped instead of making the companion buffer without bound', async () => {
    h = await startHarness();
    dirs.push(h.home);
    // A repo whose scan reply is large (~2 MB of markers), answered from memory once watched.
    const repo = realpathSync(mkdtempSync(join(tmpdir(), 'sp-slow-')));
    dirs.push(repo);
    writeFileSync(join(repo, 'big.ts'), Array.from({ length: 12_000 }, (_, i) => `// TODO item ${i} ${'x'.repeat(120)}`).join('\n'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    h.state.writeConfig({ roots: [repo] });
    const secret = 'c'.repeat(64);
    h.state.writePairing({ secret, origin: EXT_ORIGIN, pairedAt: Date.now() });
    const ws = new WebSocket(h.url, ['sessionpilot', authToken(secret)], { origin: EXT_ORIGIN });
    await new Promise((r) => ws.once('open', r));
    const replies: string[] = [];
    ws.on('message', (d) => replies.push(String(d).slice(0, 200)));
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, app: 't', version: '1' }));
    ws.send(JSON.stringify({ type: 'request', id: 'w', method: 'watch', params: { path: repo, on: true } }));
    for (let i = 0; i < 100 && !replies.some((r) => r.includes('"id":"w"')); i++) await new Promise((r) => setTimeout(r, 50));

    // Stop reading, then ask for far more than the 8 MiB the companion will queue for one client.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 60; i++) ws.send(JSON.stringify({ type: 'request', id: `s${i}`, method: 'scan', params: { path: repo } }));
    // The paused client cannot notice; the companion's side must let it go.
    for (let i = 0; i < 300 && h.server.clientCount() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(h.server.clientCount()).toBe(0);
    ws.terminate();
  });
});
