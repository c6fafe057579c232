import type { ModelPrice } from './model-prices';

/** Token counts of one API response, split the way prices are. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  /** All cache writes; `cacheWrite1hTokens` of them were 1-hour writes. */
  cacheCreationTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
}

const LONG_CONTEXT = 200_000;
const PER_TOKEN = 1e-6;

function bucket(tokens: number, rate: number, above: number | undefined): number {
  if (tokens <= 0) return 0;
  if (above === undefined || tokens <= LONG_CONTEXT) return tokens * rate * PER_TOKEN;
  return (LONG_CONTEXT * rate + (tokens - LONG_CONTEXT) * above) * PER_TOKEN;
}

/** USD for one response at a model's price; 1-hour cache writes cost twice the input price. */
export function costOfTokens(t: TokenCounts, p: ModelPrice): number {
  const long = p.above200k;
  const write1h = Math.min(t.cacheWrite1hTokens, t.cacheCreationTokens);
  return (
    bucket(t.inputTokens, p.input, long?.input) +
    bucket(t.outputTokens, p.output, long?.output) +
    bucket(t.cacheCreationTokens - write1h, p.cacheWrite, long?.cacheWrite) +
    bucket(write1h, p.input * 2, long ? long.input * 2 : undefined) +
    bucket(t.cacheReadTokens, p.cacheRead, long?.cacheRead)
  );
}
