import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../companion/src/test-support/fake-anthropic';
import { startFakeGithub, type FakeGithub } from '../companion/src/test-support/fake-github';
import { CompanionProcess, freePort } from './companion-process';
import { makeFixtureRepo } from './fixture-repo';
import { launchExtension, screenshot, type ExtensionBrowser } from './harness';
import { pairThroughDashboard } from './pairing';

let browser: ExtensionBrowser;
let companion: CompanionProcess;
let fake: FakeAnthropic;
let gh: FakeGithub;
let repo: string;

const TASKS = [
  { title: 'Fix the empty cart total', category: 'bug', estimateMinutes: 20, rationale: 'The FIXME says it crashes.', acceptance: 'total([]) is 0', sources: ['marker:src/cart.ts:1'] },
  { title: 'Retry the API on 503', category: 'feature', estimateMinutes: 15, rationale: 'The TODO asks for it.', sources: ['marker:src/api.ts:1'] },
  { title: 'Write down what changed', category: 'other', estimateMinutes: 5, rationale: 'For tomorrow.', sources: ['goal'] },
];

beforeAll(async () => {
  repo = makeFixtureRepo({ 'src/cart.ts': '// FIXME: total is wrong for an empty cart\n', 'src/api.ts': '// TODO: retry when the server answers 503\n' });
  companion = new CompanionProcess(await freePort());
  await companion.start();
  companion.cli(['roots', 'add', repo]);
  fake = await startFakeAnthropic();
  gh = await startFakeGithub();
  browser = await launchExtension();
});

afterAll(async () => {
  await browser?.close();
  await companion?.dispose();
  await fake?.close();
  await gh?.close();
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe('planning with Claude and GitHub from the extension (local servers speaking the Messages SSE and GitHub REST/GraphQL formats)', () => {
  it('sets the key for the background only and shows tasks one by one as they stream in', async () => {
    await pairThroughDashboard(browser, companion);
    const page = await browser.openPage('dashboard.html');
    const ws = page.getByRole('form', { name: 'New workspace' });
    await ws.getByLabel('Name').fill('shop');
    await ws.getByLabel('Local folder').fill(repo);
    await ws.getByLabel(/GitHub repo/).fill('acme/app');
    await ws.getByRole('button', { name: 'Add workspace' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Workspaces' }).getByText('shop', { exact: true }).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Settings' }).click();
    const settings = page.getByRole('form', { name: 'Claude and GitHub settings' });
    await settings.getByLabel('Anthropic API key').fill('sk-ant-api03-e2e-0123456789abcdefghij-wxyz');
    await settings.getByLabel('API address', { exact: true }).fill(fake.url);
    await settings.getByLabel('GitHub token').fill('ghp_fake_mona');
    await settings.getByLabel('GitHub API address').fill(gh.baseUrl);
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await settings.getByRole('status').allTextContents()).join('')).toContain('Saved.');
    await page.reload();
    // The page gets a hint, never the key.
    expect(await page.getByLabel('Anthropic API key').getAttribute('placeholder')).toBe('sk-ant-…wxyz');
    expect(await page.content()).not.toContain('0123456789abcdefghij');
    await page.getByRole('link', { name: 'Today' }).click();

    fake.queue = [{ kind: 'plan', tasks: TASKS, delayMs: 600 }];
    const plan = page.getByRole('form', { name: 'Plan a session' });
    await plan.getByLabel('Goal', { exact: true }).fill('Fix the cart');
    await plan.getByLabel('Time budget', { exact: true }).fill('60');
    await plan.getByRole('button', { name: 'Scan & plan' }).click();
    const arriving = page.getByRole('list', { name: 'Tasks arriving' });
    const counts: number[] = [];
    await expect
      .poll(
        async () => {
          const n = await arriving.locator('li').count();
          if (counts.at(-1) !== n) counts.push(n);
          return n;
        },
        { timeout: 15_000, interval: 50 },
      )
      .toBe(2);
    await screenshot(page, 'dashboard-claude-streaming');
    const tasks = page.getByRole('list', { name: 'Planned tasks' });
    await expect.poll(() => tasks.locator('li').count(), { timeout: 15_000 }).toBe(3);
    // One at a time: the list grew 1, then 2, before the plan was done.
    expect(counts.filter((n) => n > 0).slice(0, 2)).toEqual([1, 2]);
    expect(await page.getByLabel('Planned total').textContent()).toMatch(/40 of 60 min planned · planned by Claude · claude-sonnet-4-5 · 1 call · 1\.\dk tokens · \$0\.\d{3}/);
    const sent = fake.requests.at(-1)!;
    expect(JSON.stringify(sent.headers)).toContain('sk-ant-api03-e2e-0123456789abcdefghij-wxyz');
    const prompt = String((sent.body.messages as Array<{ content: string }>)[0]!.content);
    expect(prompt).toContain('"id":"marker:src/cart.ts:1"');
    // GitHub's issues and PRs reached the prompt, and the token went to GitHub only.
    expect(prompt).toContain('"id":"gh-issue:acme/app#5"');
    expect(prompt).toContain('"id":"gh-pr:acme/app#12"');
    expect(prompt).toContain('{"commit":"Merge pull request #4 from acme/totals","by":"mona"}');
    expect(JSON.stringify(sent.headers)).not.toContain('ghp_fake_mona');
    expect(gh.requests.some((r) => r.authorized)).toBe(true);
    await screenshot(page, 'dashboard-claude-plan');
    await page.getByRole('button', { name: 'Discard plan' }).click();
    await page.close();
  });

  it('falls back to the offline planner with a visible notice when Claude stays overloaded', async () => {
    fake.queue = [{ kind: 'status', status: 529, errorType: 'overloaded_error' }, { kind: 'status', status: 529, errorType: 'overloaded_error' }, { kind: 'status', status: 401, errorType: 'authentication_error' }];
    const page = await browser.openPage('dashboard.html');
    const plan = page.getByRole('form', { name: 'Plan a session' });
    await plan.getByLabel('Goal', { exact: true }).fill('Fix the cart');
    await plan.getByRole('button', { name: 'Scan & plan' }).click();
    const notice = page.locator('.notice');
    await expect.poll(async () => (await notice.allTextContents()).join(' '), { timeout: 30_000 }).toContain('Claude refused the API key (401): check it in Settings. This plan is from the offline planner.');
    expect(await page.getByLabel('Planned total').textContent()).toContain('offline planner');
    await page.getByRole('button', { name: 'Discard plan' }).click();
    await page.close();
  });

  it('at the end Claude writes the summary and the handoff, shown as text', async () => {
    const summary = { summary: '# Session summary\n\nThe cart total is fixed. <img src=x onerror=alert(1)>', handoff: '# Start here tomorrow\n\n**Retry the API on 503**: start with the client.', nextGoal: 'Retry the API on 503' };
    fake.queue = [{ kind: 'plan', tasks: TASKS }, { kind: 'raw', toolName: 'submit_summary', json: JSON.stringify(summary) }];
    const page = await browser.openPage('dashboard.html');
    const dialogs: string[] = [];
    page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    const plan = page.getByRole('form', { name: 'Plan a session' });
    await plan.getByLabel('Goal', { exact: true }).fill('Fix the cart');
    await plan.getByRole('button', { name: 'Scan & plan' }).click();
    await page.getByRole('button', { name: 'Start session' }).click({ timeout: 20_000 });
    await page.getByRole('button', { name: 'End session' }).click();
    const handoff = page.getByLabel('Handoff');
    await expect.poll(async () => (await handoff.allTextContents()).join(''), { timeout: 30_000 }).toContain('**Retry the API on 503**: start with the client.');
    await page.locator('details > summary', { hasText: /^Summary$/ }).click();
    expect(await page.getByLabel('Summary').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('.summary img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await page.getByRole('button', { name: 'Plan the next session from this' }).count()).toBe(1);
    expect(fake.requests.at(-1)!.body.tool_choice).toEqual({ type: 'tool', name: 'submit_summary' });
    await page.close();
  });
});
