import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, parseBackup } from './backup-format';

const empty = { workspaces: [], sessions: [], tasks: [], events: [], signals: [], backlog: [], agentRuns: [], reviews: [], settings: [] };
const good = {
  format: BACKUP_FORMAT,
  version: 1,
  exportedAt: 1,
  schemaVersion: 1,
  tables: { ...empty, workspaces: [{ id: 'w', name: 'shop', path: '/src/shop', createdAt: 1, updatedAt: 2, deletedAt: 3, future: { x: 1 } }] },
};

describe('parseBackup', () => {
  it('keeps every field of a row, even ones it does not know', () => {
    const r = parseBackup(JSON.stringify(good));
    expect(r.ok && r.value.tables.workspaces[0]).toEqual(good.tables.workspaces[0]);
  });

  it('refuses a truncated, foreign, newer or damaged file in one sentence', () => {
    const text = JSON.stringify(good);
    const message = (t: string) => {
      const r = parseBackup(t);
      return r.ok ? 'accepted' : r.error.message;
    };
    expect(message(text.slice(0, text.length / 2))).toBe('This file is not valid JSON: it may be truncated or damaged. Nothing was changed.');
    expect(message('{"name":"my-package","version":"1.0.0"}')).toBe('This file is not a SessionPilot backup. Nothing was changed.');
    expect(message(JSON.stringify({ ...good, version: 9 }))).toBe('This backup was made by a newer SessionPilot (format 9; this one reads 1). Nothing was changed.');
    const bad = { ...good, tables: { ...good.tables, tasks: [{ id: 't', sessionId: 's', order: 0, title: 'x', status: 'exploded', estimateMinutes: 5 }] } };
    expect(message(JSON.stringify(bad))).toMatch(/^This backup is damaged \(row 1 of tasks: .+\)\. Nothing was changed\.$/);
    expect(message('null')).toBe('This file is not a SessionPilot backup. Nothing was changed.');
  });
});
