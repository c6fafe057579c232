import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../test-support/fake-anthropic';
import { startFakeGithub, type FakeGithub } from '../test-support/fake-github';

const bin = join(fileURLToPath(new URL('../../../', import.meta.url)), 'companion', 'dist', 'sessionpilot.js');
let repo: string;
let home: string;
let fake: FakeAnthropic;
let gh: FakeGithub;

/** Runs the bin without blocking this process, which serves the fake API meanwhile. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, HOME: home, SESSIONPILOT_HOME: home, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  repo = mkdtempSync(join(tmpdir(), 'sp-plan-claude-'));
  home = mkdtempSync(join(tmpdir(), 'sp-plan-home-'));
  writeFileSync(join(repo, 'cart.ts'), '// FIXME: the total is wrong for an empty cart\n');
  execFileSync('git', ['init', '-q'], { cwd: repo });
  fake = await startFakeAnthropic();
  gh = await startFakeGithub();
});

afterAll(async () => {
  await fake.close();
  await gh.close();
  rmSync(repo, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('sessionpilot plan with ANTHROPIC_API_KEY (a local server speaking the Messages SSE format)', () => {
  it('streams tasks to stderr as they arrive and prints the final plan as one JSON document', async () => {
    fake.queue = [
      {
        kind: 'plan',
        delayMs: 50,
        tasks: [
          { title: 'Fix the empty cart total', category: 'bug', estimateMinutes: 20, rationale: 'FIXME in cart.ts', sources: ['marker:cart.ts:1'] },
          { title: 'Add a test for an empty cart', category: 'feature', estimateMinutes: 10, rationale: 'guard it', sources: ['goal'] },
        ],
      },
    ];
    const r = await run([ 'plan', repo, '--goal', 'Fix the cart', '--minutes', '45', '--json'], { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { planner: string; tasks: Array<{ title: string; sources: string[] }>; totalMinutes: number };
    expect(plan).toMatchObject({ planner: 'claude', totalMinutes: 30 });
    expect(plan.tasks.map((t) => t.title)).toEqual(['Fix the empty cart total', 'Add a test for an empty cart']);
    expect(r.stderr).toContain('   1. [bug] Fix the empty cart total  (20 min)');
    expect(r.stderr).toMatch(/1 Claude call, 1200 input and 350 output tokens, \$0\.\d{4}\./);
    expect(fake.requests.at(-1)!.body.model).toBe('claude-sonnet-4-5');
  });

  it('falls back to the offline planner with one sentence when the key is refused', async () => {
    fake.queue = [{ kind: 'status', status: 401, errorType: 'authentication_error' }];
    const r = await run(['plan', repo, '--goal', 'Fix the cart', '--minutes', '45', '--json'], { ANTHROPIC_API_KEY: 'sk-ant-bad', ANTHROPIC_BASE_URL: fake.url });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).planner).toBe('offline');
    expect(r.stderr).toContain('Claude refused the API key (401): check it in Settings. This plan is from the offline planner.');
  });

  it('refuses a malformed --model in one line', async () => {
    const r = await run(['plan', repo, '--minutes', '45', '--model', 'x; rm -rf'], { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: fake.url });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['sessionpilot: --model takes a model name such as claude-sonnet-4-5.']);
  });

  it('--github adds the repo\'s issues and PRs (ETags kept, so a re-plan is all 304s), and a refused token is one sentence', async () => {
    const env = { GITHUB_TOKEN: 'ghp_fake_mona', GITHUB_API_URL: gh.baseUrl };
    const first = await run(['plan', repo, '--minutes', '240', '--github', 'acme/app', '--json'], env);
    expect(first.code).toBe(0);
    const plan = JSON.parse(first.stdout) as { planner: string; tasks: Array<{ title: string; sources: string[] }> };
    const cited = plan.tasks.flatMap((t) => t.sources);
    expect(cited).toEqual(expect.arrayContaining(['gh-issue:acme/app#5', 'gh-pr:acme/app#12']));
    expect(plan.tasks.some((t) => t.title === 'Fix the failing checks on PR #12: Fix rounding in totals')).toBe(true);
    const sent = gh.requests.length;
    const again = await run(['plan', repo, '--minutes', '240', '--github', 'acme/app', '--json'], env);
    expect(again.code).toBe(0);
    expect(gh.requests.slice(sent).every((r) => r.status === 304 || r.method === 'POST')).toBe(true);

    const refused = await run(['plan', repo, '--minutes', '60', '--github', 'acme/app', '--json'], { GITHUB_TOKEN: 'ghp_wrong', GITHUB_API_URL: gh.baseUrl });
    expect(refused.code).toBe(0);
    expect(JSON.parse(refused.stdout).planner).toBe('offline');
    expect(refused.stderr).toContain('The GitHub token was refused (401): check it in Settings.');
    const bad = await run(['plan', repo, '--minutes', '60', '--github', 'not a repo'], {});
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('sessionpilot: --github takes owner/repo, for example octocat/hello-world.');
  });
});
