import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fetchGithubSignals } from '../../../shared/github/fetch-github-signals';
import { createGithubClient } from '../../../shared/github/octokit-client';
import { startFakeGithub, type FakeGithub } from '../test-support/fake-github';
import { githubEtagPath, loadGithubEtags, saveGithubEtags } from './github-etag-file';

let home: string;
let gh: FakeGithub;
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'sp-etags-'));
  gh = await startFakeGithub();
});
afterEach(async () => {
  await gh.close();
  rmSync(home, { recursive: true, force: true });
});

it('a new process re-plans from the saved ETags: every GET comes back 304', async () => {
  const client = () => createGithubClient({ baseUrl: gh.baseUrl, token: 'ghp_fake_mona', retries: 0 });
  const first = loadGithubEtags(home);
  const a = await fetchGithubSignals(client(), first, { repo: 'acme/app' });
  saveGithubEtags(home, first);
  const b = await fetchGithubSignals(client(), loadGithubEtags(home), { repo: 'acme/app' });
  if (!a.ok || !b.ok) throw new Error('scan failed');
  expect(b.value.requests.notModified).toBe(b.value.requests.sent);
  expect(b.value.signals).toEqual(a.value.signals);
});

it('a damaged file starts an empty cache', () => {
  writeFileSync(githubEtagPath(home), '{"version":1,"entries":[["k",{"etag":""}]]}');
  expect(loadGithubEtags(home).entries()).toEqual([]);
});
