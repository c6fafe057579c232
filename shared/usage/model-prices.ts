import { z } from 'zod';

/** The day the bundled prices were checked against Anthropic's and OpenAI's published price lists. */
export const PRICES_AS_OF = '2026-11-21';

/**
 * USD per million tokens. `cacheWrite` is the 5-minute cache write; 1-hour cache writes cost twice
 * the input price. `above200k` holds the long-context rates that apply, per token bucket, to the
 * tokens past 200k in one request (the way ccusage prices LiteLLM's `*_above_200k_tokens` data).
 */
export const ModelPriceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheWrite: z.number().nonnegative(),
  cacheRead: z.number().nonnegative(),
  above200k: z
    .object({
      input: z.number().nonnegative(),
      output: z.number().nonnegative(),
      cacheWrite: z.number().nonnegative(),
      cacheRead: z.number().nonnegative(),
    })
    .optional(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** A user's own prices (`usage/prices.json` under SESSIONPILOT_HOME): model name → price, replacing ours. */
export const PriceOverridesSchema = z.record(z.string().min(1).max(200), ModelPriceSchema);
export type PriceOverrides = z.infer<typeof PriceOverridesSchema>;

const SONNET_LONG = { input: 6, output: 22.5, cacheWrite: 7.5, cacheRead: 0.6 };
const price = (input: number, output: number, cacheWrite: number, cacheRead: number, above200k?: ModelPrice['above200k']): ModelPrice =>
  above200k ? { input, output, cacheWrite, cacheRead, above200k } : { input, output, cacheWrite, cacheRead };

/** Bundled prices by model family (no date suffix). Codex models have no cache-write price. */
export const BUNDLED_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-4-7': price(5, 25, 6.25, 0.5),
  'claude-opus-4-6': price(5, 25, 6.25, 0.5),
  'claude-opus-4-5': price(5, 25, 6.25, 0.5),
  'claude-opus-4-1': price(15, 75, 18.75, 1.5),
  'claude-opus-4': price(15, 75, 18.75, 1.5),
  'claude-3-opus': price(15, 75, 18.75, 1.5),
  'claude-sonnet-4-6': price(3, 15, 3.75, 0.3),
  'claude-sonnet-4-5': price(3, 15, 3.75, 0.3, SONNET_LONG),
  'claude-sonnet-4': price(3, 15, 3.75, 0.3, SONNET_LONG),
  'claude-3-7-sonnet': price(3, 15, 3.75, 0.3),
  'claude-3-5-sonnet': price(3, 15, 3.75, 0.3),
  'claude-haiku-4-5': price(1, 5, 1.25, 0.1),
  'claude-3-5-haiku': price(0.8, 4, 1, 0.08),
  'claude-3-haiku': price(0.25, 1.25, 0.3, 0.03),
  'gpt-5.2': price(1.75, 14, 0, 0.175),
  'gpt-5.2-codex': price(1.75, 14, 0, 0.175),
  'gpt-5.1': price(1.25, 10, 0, 0.125),
  'gpt-5.1-codex': price(1.25, 10, 0, 0.125),
  'gpt-5.1-codex-max': price(1.25, 10, 0, 0.125),
  'gpt-5.1-codex-mini': price(0.25, 2, 0, 0.025),
  'gpt-5': price(1.25, 10, 0, 0.125),
  'gpt-5-codex': price(1.25, 10, 0, 0.125),
  'gpt-5-mini': price(0.25, 2, 0, 0.025),
  'gpt-5-nano': price(0.05, 0.4, 0, 0.005),
};

/** `claude-sonnet-4-20250514` → `claude-sonnet-4`; `anthropic/claude-…` → `claude-…`. */
export function modelFamily(model: string): string {
  const bare = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  return bare.replace(/-\d{8}$/, '').replace(/@\d{8}$/, '');
}

/** The price for a model: the user's override by exact name or family first, then ours; null when unknown. */
export function findModelPrice(model: string, overrides: PriceOverrides = {}): ModelPrice | null {
  const family = modelFamily(model);
  return overrides[model] ?? overrides[family] ?? BUNDLED_PRICES[model] ?? BUNDLED_PRICES[family] ?? null;
}
