import type { PricedTokens } from './daily-usage';
import { emptyAggregate, type UsageAggregate } from './session-usage';

export { emptyAggregate };

/** Adds one priced entry to an aggregate; an unpriced model is named, never counted as $0. */
export function addToAggregate(into: UsageAggregate, e: PricedTokens): void {
  into.turns++;
  into.inputTokens += e.inputTokens;
  into.outputTokens += e.outputTokens;
  into.cacheCreationTokens += e.cacheCreationTokens;
  into.cacheReadTokens += e.cacheReadTokens;
  into.totalTokens += e.inputTokens + e.outputTokens + e.cacheCreationTokens + e.cacheReadTokens;
  if (e.cost !== null) into.cost += e.cost;
  else if (e.inputTokens + e.outputTokens + e.cacheCreationTokens + e.cacheReadTokens > 0) {
    const model = e.model ?? 'unknown model';
    if (!into.unpricedModels.includes(model)) into.unpricedModels.push(model);
  }
}

/** Adds one aggregate into another (turns, tokens, cost and the unpriced models). */
export function mergeAggregate(into: UsageAggregate, from: UsageAggregate): void {
  into.turns += from.turns;
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.cacheCreationTokens += from.cacheCreationTokens;
  into.cacheReadTokens += from.cacheReadTokens;
  into.totalTokens += from.totalTokens;
  into.cost += from.cost;
  for (const m of from.unpricedModels) if (!into.unpricedModels.includes(m)) into.unpricedModels.push(m);
}
