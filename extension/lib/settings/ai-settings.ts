import { z } from 'zod';
import { fail, ok, type Result } from '../../../shared/result';
import type { SessionPilotDb } from '../db/db';

/**
 * The user's Anthropic key and GitHub token live in the extension origin's IndexedDB (no content
 * script can open it), under "secret." keys that backups never export. Only the background reads
 * them; pages get a hint ("sk-ant-…a1b2"), never the value.
 */
const ANTHROPIC_KEY = 'secret.anthropicKey';
const GITHUB_TOKEN = 'secret.githubToken';
const AI_KEY = 'ai';

export const DEFAULT_MODEL = 'claude-sonnet-4-5';
export const ANTHROPIC_API = 'https://api.anthropic.com';
export const GITHUB_API = 'https://api.github.com';
const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/;

/** Where the key may go: Anthropic's API, or a proxy on this machine (loopback only). */
const BaseUrlSchema = z
  .string()
  .trim()
  .refine((u) => u === ANTHROPIC_API || LOOPBACK.test(u), {
    message: 'The API address must be https://api.anthropic.com or a proxy on this machine (http://127.0.0.1:PORT).',
  });

/** Where the GitHub token may go: GitHub's API, or this machine (a proxy, or the tests' fake). */
const GithubUrlSchema = z
  .string()
  .trim()
  .refine((u) => u === GITHUB_API || LOOPBACK.test(u), {
    message: 'The GitHub API address must be https://api.github.com or a proxy on this machine (http://127.0.0.1:PORT).',
  });

const AiSettingsSchema = z.object({
  model: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'The model is a name such as claude-sonnet-4-5.' }).default(DEFAULT_MODEL),
  maxTokens: z.number().int().min(256, { message: 'Max tokens must be from 256 to 64,000.' }).max(64_000, { message: 'Max tokens must be from 256 to 64,000.' }).default(4096),
  baseUrl: BaseUrlSchema.default(ANTHROPIC_API),
  githubUrl: GithubUrlSchema.default(GITHUB_API),
});
export type AiSettings = z.infer<typeof AiSettingsSchema>;

export interface AiSettingsView extends AiSettings {
  anthropicKey: string | null;
  githubToken: string | null;
}

function hint(secret: unknown): string | null {
  if (typeof secret !== 'string' || !secret) return null;
  return `${secret.slice(0, secret.startsWith('sk-ant-') ? 7 : 4)}…${secret.slice(-4)}`;
}

export async function loadAiSettings(db: SessionPilotDb): Promise<AiSettings> {
  const parsed = AiSettingsSchema.safeParse((await db.settings.get(AI_KEY))?.value ?? {});
  return parsed.success ? parsed.data : AiSettingsSchema.parse({});
}

/** What a settings page may see. */
export async function aiSettingsView(db: SessionPilotDb): Promise<AiSettingsView> {
  const [settings, key, token] = await Promise.all([loadAiSettings(db), db.settings.get(ANTHROPIC_KEY), db.settings.get(GITHUB_TOKEN)]);
  return { ...settings, anthropicKey: hint(key?.value), githubToken: hint(token?.value) };
}

/** Background only: the key itself. */
export async function anthropicKey(db: SessionPilotDb): Promise<string | null> {
  const v = (await db.settings.get(ANTHROPIC_KEY))?.value;
  return typeof v === 'string' && v ? v : null;
}

export async function githubToken(db: SessionPilotDb): Promise<string | null> {
  const v = (await db.settings.get(GITHUB_TOKEN))?.value;
  return typeof v === 'string' && v ? v : null;
}

export interface AiSettingsInput {
  /** A new key, '' to remove it, absent to keep it. */
  anthropicKey?: string;
  githubToken?: string;
  model?: string;
  maxTokens?: number;
  baseUrl?: string;
  githubUrl?: string;
}

export async function saveAiSettings(db: SessionPilotDb, input: AiSettingsInput): Promise<Result<AiSettingsView, 'invalid'>> {
  const current = await loadAiSettings(db);
  const parsed = AiSettingsSchema.safeParse({ ...current, ...Object.fromEntries(Object.entries({ model: input.model, maxTokens: input.maxTokens, baseUrl: input.baseUrl, githubUrl: input.githubUrl }).filter(([, v]) => v !== undefined)) });
  if (!parsed.success) return fail('invalid', parsed.error.issues[0]?.message ?? 'Those settings are not valid.');
  const key = input.anthropicKey?.trim();
  if (key && !/^[\x21-\x7e]{20,300}$/.test(key)) return fail('invalid', 'That does not look like an Anthropic API key (it starts with sk-ant-).');
  const token = input.githubToken?.trim();
  if (token && !/^[\x21-\x7e]{10,300}$/.test(token)) return fail('invalid', 'That does not look like a GitHub token (ghp_… or github_pat_…).');
  await db.transaction('rw', db.settings, async () => {
    await db.settings.put({ key: AI_KEY, value: parsed.data });
    if (key !== undefined) await (key ? db.settings.put({ key: ANTHROPIC_KEY, value: key }) : db.settings.delete(ANTHROPIC_KEY));
    if (token !== undefined) await (token ? db.settings.put({ key: GITHUB_TOKEN, value: token }) : db.settings.delete(GITHUB_TOKEN));
  });
  return ok(await aiSettingsView(db));
}
