import { beforeEach, describe, expect, it } from 'vitest';
import { exportBackup } from '../backup/backup-store';
import { createDb, type SessionPilotDb } from '../db/db';
import { aiSettingsView, anthropicKey, saveAiSettings } from './ai-settings';

let db: SessionPilotDb;
const KEY = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz-a1b2';
beforeEach(async () => {
  db = createDb(`ai-${crypto.randomUUID()}`);
  await db.open();
});

describe('Claude and GitHub settings', () => {
  it('keeps the key for the background and shows pages only a hint; backups never carry it', async () => {
    const saved = await saveAiSettings(db, { anthropicKey: KEY, githubToken: 'ghp_0123456789abcdefghij0123', model: 'claude-haiku-4-5' });
    expect(saved).toMatchObject({ ok: true, value: { anthropicKey: 'sk-ant-…a1b2', githubToken: 'ghp_…0123', model: 'claude-haiku-4-5', maxTokens: 4096 } });
    expect(JSON.stringify(await aiSettingsView(db))).not.toContain(KEY);
    expect(await anthropicKey(db)).toBe(KEY);
    expect(JSON.stringify(await exportBackup(db, 1))).not.toContain('abcdefghijklmnopqrstuvwxyz');
    await saveAiSettings(db, { anthropicKey: '' });
    expect(await anthropicKey(db)).toBeNull();
  });

  it('sends the key only to Anthropic or to this machine', async () => {
    expect(await saveAiSettings(db, { baseUrl: 'http://127.0.0.1:8787' })).toMatchObject({ ok: true, value: { baseUrl: 'http://127.0.0.1:8787' } });
    for (const bad of ['https://evil.example', 'http://127.0.0.1.evil.example', 'https://api.anthropic.com.evil.example']) {
      expect(await saveAiSettings(db, { baseUrl: bad })).toEqual({ ok: false, error: { code: 'invalid', message: 'The API address must be https://api.anthropic.com or a proxy on this machine (http://127.0.0.1:PORT).' } });
    }
    expect(await saveAiSettings(db, { maxTokens: 10 })).toMatchObject({ ok: false, error: { message: 'Max tokens must be from 256 to 64,000.' } });
    expect(await saveAiSettings(db, { anthropicKey: 'short' })).toMatchObject({ ok: false });
  });
});
