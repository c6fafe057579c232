import { parseArgs } from 'node:util';
import { BudgetMinutesSchema, FocusWeightsSchema, type FocusWeights } from '../../../shared/domain/focus';
import { planWithClaude } from '../../../shared/planner/claude-planner';
import { planOffline } from '../../../shared/planner/offline-planner';
import { anthropicPort } from '../../../shared/planner/anthropic-port';
import type { Plan } from '../../../shared/planner/plan-shape';
import { signalsFromScan } from '../../../shared/planner/signals-from-scan';
import { sessionpilotHome } from '../home/sessionpilot-home';
import { scanRepo } from '../scan/scan-repo';
import { UsageError } from './usage-error';
import type { Signal } from '../../../shared/domain/signal';
import { GithubRepoSchema } from '../../../shared/domain/workspace';
import { fetchGithubSignals } from '../../../shared/github/fetch-github-signals';
import { createGithubClient } from '../../../shared/github/octokit-client';
import { loadGithubEtags, saveGithubEtags } from '../github/github-etag-file';

/** The model the CLI plans with unless --model says otherwise. */
export const DEFAULT_MODEL = 'claude-sonnet-4-5';

/** "bugs=1,features=0.5,refactor=0.2" → weights; anything else is one clear sentence. */
export function parseFocus(text: string | undefined): FocusWeights {
  const raw: Record<string, number> = {};
  if (text !== undefined) {
    for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^(bugs|features|refactor)=([0-9]*\.?[0-9]+)$/.exec(part);
      if (!m) throw new UsageError(`--focus takes bugs=…,features=…,refactor=… with weights from 0 to 1, not "${part}".`);
      raw[m[1]!] = Number(m[2]);
    }
  }
  const parsed = FocusWeightsSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'Focus weights must be from 0 to 1.');
  return parsed.data;
}

function formatPlan(plan: Plan, budget: number): string {
  const lines = [`Plan (${plan.planner} planner): ${plan.totalMinutes} of ${budget} min`];
  plan.tasks.forEach((t, i) => {
    lines.push(`${String(i + 1).padStart(2)}. [${t.category}] ${t.title}  (${t.estimateMinutes} min)`);
    const from = t.sources.filter((s) => s !== 'goal');
    if (from.length) lines.push(`      from ${from.map((s) => s.replace(/^marker:/, '').replace(/^test:/, 'test ')).join(', ')}`);
  });
  return lines.join('\n');
}

/**
 * Issues and PRs of owner/repo (GITHUB_TOKEN when set; GITHUB_API_URL honoured), with ETags kept
 * under SESSIONPILOT_HOME so a re-plan costs little rate limit. A GitHub failure is one sentence
 * on stderr and the plan goes on with the local signals.
 */
async function githubSignals(repo: string): Promise<{ signals: Signal[]; commits: Array<{ title: string; author: string | null }> }> {
  const home = sessionpilotHome();
  const cache = loadGithubEtags(home);
  const client = createGithubClient({ token: process.env.GITHUB_TOKEN, baseUrl: process.env.GITHUB_API_URL || undefined });
  process.stderr.write(`sessionpilot: asking GitHub about ${repo}…\n`);
  const r = await fetchGithubSignals(client, cache, { repo });
  if (!r.ok) {
    process.stderr.write(`sessionpilot: ${r.error.message}\n`);
    return { signals: [], commits: [] };
  }
  saveGithubEtags(home, cache);
  for (const notice of r.value.notices) process.stderr.write(`sessionpilot: ${notice}\n`);
  return { signals: r.value.signals, commits: r.value.commits };
}

/** `plan <path> --goal … --minutes N [--focus …] [--github owner/repo] [--json]`: scan, then plan within the budget. */
export async function planCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      goal: { type: 'string', default: '' },
      minutes: { type: 'string' },
      focus: { type: 'string' },
      github: { type: 'string' },
      json: { type: 'boolean', default: false },
      tag: { type: 'string', multiple: true },
      model: { type: 'string', default: DEFAULT_MODEL },
    },
  });
  if (positionals.length !== 1) throw new UsageError('plan needs one folder: sessionpilot plan <path> --goal <text> --minutes <n>');
  if (values.minutes === undefined) throw new UsageError('plan needs --minutes, the time budget (15 to 480).');
  const budget = BudgetMinutesSchema.safeParse(Number(values.minutes));
  if (!/^\d+$/.test(values.minutes) || !budget.success) throw new UsageError('--minutes must be a whole number of minutes from 15 to 480.');
  const focus = parseFocus(values.focus);
  if (values.github !== undefined && !GithubRepoSchema.safeParse(values.github).success) {
    throw new UsageError('--github takes owner/repo, for example octocat/hello-world.');
  }
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(values.model ?? '')) throw new UsageError('--model takes a model name such as claude-sonnet-4-5.');
  const scanned = await scanRepo(positionals[0]!, { cacheHome: sessionpilotHome(), extraTags: values.tag });
  if (!scanned.ok) throw new UsageError(scanned.error.message);
  const signals = signalsFromScan(scanned.value);
  const github = values.github !== undefined ? await githubSignals(values.github) : { signals: [], commits: [] };
  signals.push(...github.signals);
  const input = { signals, goal: values.goal ?? '', budgetMinutes: budget.data, focus, now: Date.now() };
  const apiKey = process.env.ANTHROPIC_API_KEY;
  let plan: Plan;
  if (apiKey) {
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    const say = (line: string) => process.stderr.write(`${line}\n`);
    const result = await planWithClaude({ ...input, ...(github.commits.length ? { recentCommits: github.commits } : {}) }, {
      port: anthropicPort({ apiKey, baseURL: process.env.ANTHROPIC_BASE_URL || undefined }),
      model: values.model!,
      signal: controller.signal,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      onStage: (stage) => say(`sessionpilot: ${stage}`),
      onRestart: () => say('sessionpilot: starting the plan over'),
      // Tasks stream to stderr as they arrive; stdout keeps the one final document.
      onTask: (t, i) => say(`  ${String(i + 1).padStart(2)}. [${t.category}] ${t.title}  (${t.estimateMinutes} min)`),
    });
    process.off('SIGINT', onSigint);
    if (result.cancelled) {
      process.stderr.write('sessionpilot: planning cancelled; nothing was printed.\n');
      return 130;
    }
    plan = result.plan;
    const cost = result.usage.cost === null ? 'price unknown' : `$${result.usage.cost.toFixed(4)}`;
    say(`sessionpilot: ${result.usage.calls} Claude call${result.usage.calls === 1 ? '' : 's'}, ${result.usage.inputTokens} input and ${result.usage.outputTokens} output tokens, ${cost}.`);
  } else {
    plan = planOffline(input);
  }
  for (const notice of plan.notices) process.stderr.write(`sessionpilot: ${notice}\n`);
  process.stdout.write(values.json ? `${JSON.stringify(plan)}\n` : `${formatPlan(plan, budget.data)}\n`);
  return 0;
}
