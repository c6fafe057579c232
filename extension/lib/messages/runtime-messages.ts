import { z } from 'zod';
import { SignalsChangedEventSchema, type MethodName } from '../../../shared/protocol/methods';
import { PlannedTaskSchema } from '../../../shared/domain/task';
import { AgentReviewInputSchema } from '../agents/agent-review-input';

/**
 * Requests from extension pages (and, for an allow-listed few, the content script) to the
 * background. Replies are `{ok: true, result}` or `{ok: false, error: {code, message}}`.
 */
const WorkspaceDraftInput = z.object({
  name: z.string().max(1000),
  path: z.string().max(5000),
  githubRepo: z.string().max(1000).optional(),
  extraTags: z.string().max(1000).optional(),
});

/**
 * Companion methods an extension page (never the content script) may call straight through the
 * background; the companion checks their params and the connection checks their results.
 */
export const PAGE_COMPANION_METHODS = ['agents.sessions', 'agents.session.page', 'agents.session.outline', 'backup.list', 'backup.read', 'usage.analytics'] as const satisfies readonly MethodName[];
export type PageCompanionMethod = (typeof PAGE_COMPANION_METHODS)[number];

export const RuntimeRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('companion.call'), method: z.enum(PAGE_COMPANION_METHODS), params: z.unknown() }),
  z.object({ type: z.literal('backup.rolling.now') }),
  z.object({ type: z.literal('backlog.remove'), id: z.string().max(200) }),
  z.object({ type: z.literal('workspace.save'), id: z.string().max(200).optional(), draft: WorkspaceDraftInput }),
  z.object({ type: z.literal('workspace.impact'), id: z.string().max(200) }),
  z.object({ type: z.literal('workspace.delete'), id: z.string().max(200) }),
  z.object({ type: z.literal('workspace.restore'), id: z.string().max(200) }),
  z.object({ type: z.literal('overlay.state'), url: z.string().max(2000) }),
  z.object({
    type: z.literal('overlay.add'),
    url: z.string().max(2000),
    title: z.string().max(1000),
    labels: z.array(z.string().max(100)).max(30),
    check: z.string().min(1).max(200).optional(),
    review: z.boolean().optional(),
  }),
  z.object({ type: z.literal('overlay.done') }),
  z.object({ type: z.literal('overlay.repo'), url: z.string().max(2000) }),
  z.object({ type: z.literal('overlay.plan'), url: z.string().max(2000) }),
  z.object({ type: z.literal('overlay.pill'), right: z.number().min(0).max(10_000), bottom: z.number().min(0).max(10_000), collapsed: z.boolean() }),
  z.object({ type: z.literal('companion.status') }),
  z.object({ type: z.literal('clock.sync') }),
  z.object({ type: z.literal('companion.pair'), port: z.number().int().min(1).max(65535), code: z.string().max(40) }),
  z.object({ type: z.literal('companion.unpair') }),
  z.object({ type: z.literal('companion.retry') }),
  z.object({
    type: z.literal('session.plan'),
    workspaceId: z.string().max(200),
    goal: z.string().max(2000),
    budgetMinutes: z.number(),
    focus: z.object({ bugs: z.number(), features: z.number(), refactor: z.number() }),
  }),
  z.object({ type: z.literal('session.start'), sessionId: z.string().max(200) }),
  z.object({ type: z.literal('scan.run'), workspaceId: z.string().max(200) }),
  z.object({ type: z.literal('tests.run'), workspaceId: z.string().max(200) }),
  z.object({ type: z.literal('marker.blame'), workspaceId: z.string().max(200), file: z.string().max(4096), line: z.number().int().positive() }),
  z.object({ type: z.literal('signal.mute'), workspaceId: z.string().max(200), signalId: z.string().max(4096), muted: z.boolean() }),
  z.object({ type: z.literal('session.end'), sessionId: z.string().max(200), outcome: z.enum(['completed', 'cancelled']) }),
  z.object({ type: z.literal('session.pause'), sessionId: z.string().max(200) }),
  z.object({ type: z.literal('session.resume'), sessionId: z.string().max(200) }),
  z.object({ type: z.literal('session.extend'), sessionId: z.string().max(200), minutes: z.number() }),
  z.object({ type: z.literal('task.finish'), sessionId: z.string().max(200), taskId: z.string().max(200), outcome: z.enum(['done', 'skipped', 'review']) }),
  z.object({ type: z.literal('task.start'), sessionId: z.string().max(200), taskId: z.string().max(200) }),
  z.object({
    type: z.literal('task.update'),
    taskId: z.string().max(200),
    title: z.string().max(1000).optional(),
    estimateMinutes: z.number().optional(),
    category: z.string().max(20).optional(),
    notes: z.string().max(20_000).optional(),
  }),
  z.object({ type: z.literal('task.move'), taskId: z.string().max(200), toIndex: z.number().int().min(0).max(10_000) }),
  z.object({ type: z.literal('task.add'), sessionId: z.string().max(200), title: z.string().max(1000), estimateMinutes: z.number(), category: z.string().max(20) }),
  z.object({ type: z.literal('task.drop'), taskId: z.string().max(200) }),
  z.object({ type: z.literal('session.review'), sessionId: z.string().max(200), rating: z.enum(['ok', 'needs_fix', 'reverted', 'partial']), note: z.string().max(10_000) }),
  z.object({ type: z.literal('calibration.get') }),
  z.object({ type: z.literal('agentReview.save'), review: AgentReviewInputSchema }),
  z.object({ type: z.literal('agentReview.delete'), id: z.string().min(1).max(210) }),
  z.object({ type: z.literal('session.planCancel') }),
  z.object({ type: z.literal('settings.ai.get') }),
  z.object({ type: z.literal('settings.theme.save'), theme: z.enum(['system', 'light', 'dark']) }),
  z.object({
    type: z.literal('settings.ai.save'),
    anthropicKey: z.string().max(400).optional(),
    githubToken: z.string().max(400).optional(),
    model: z.string().max(200).optional(),
    maxTokens: z.number().optional(),
    baseUrl: z.string().max(300).optional(),
    githubUrl: z.string().max(300).optional(),
  }),
  z.object({ type: z.literal('session.usage'), sessionId: z.string().max(200) }),
  z.object({ type: z.literal('settings.clock.get') }),
  // Checked field by field by the clock settings schema in the background.
  z.object({ type: z.literal('settings.clock.save'), settings: z.record(z.string(), z.unknown()) }),
]);
export type RuntimeRequest = z.infer<typeof RuntimeRequestSchema>;
export type RuntimeRequestType = RuntimeRequest['type'];

/** What a github.com content script may ask; everything else from it is refused. */
export const CONTENT_SCRIPT_ALLOWED: ReadonlySet<RuntimeRequestType> = new Set([
  'overlay.state',
  'overlay.add',
  'overlay.done',
  'overlay.repo',
  'overlay.plan',
  'overlay.pill',
]);

export const RuntimeReplySchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type RuntimeReply = z.infer<typeof RuntimeReplySchema>;

/** Background → extension pages: progress of long work (a scan, a plan). */
export const ProgressBroadcastSchema = z.object({
  type: z.literal('broadcast.progress'),
  scope: z.enum(['plan', 'scan', 'tests']),
  stage: z.string(),
  done: z.number().optional(),
  total: z.number().optional(),
});
export type ProgressBroadcast = z.infer<typeof ProgressBroadcastSchema>;

/** Background → extension pages: a watched workspace's signals changed (pushed by the companion). */
export const SignalsBroadcastSchema = z.object({
  type: z.literal('broadcast.signals'),
  event: SignalsChangedEventSchema,
});
export type SignalsBroadcast = z.infer<typeof SignalsBroadcastSchema>;

/** Background → extension pages: one more task of the plan Claude is streaming, or start over. */
export const PlanTaskBroadcastSchema = z.object({
  type: z.literal('broadcast.planTask'),
  index: z.number().int().nonnegative(),
  task: PlannedTaskSchema,
});
export const PlanRestartBroadcastSchema = z.object({ type: z.literal('broadcast.planRestart') });

/** Background → extension pages: the companion saw new agent usage while a session runs. */
export const UsageBroadcastSchema = z.object({ type: z.literal('broadcast.usage') });
