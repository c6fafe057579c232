import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MethodParams } from '../../../shared/protocol/methods';
import type { UsageEntry } from '../../../shared/usage/usage-schemas';
import type { HandlerTable, RequestContext } from '../server/method-handlers';
import { confineToRoots } from '../server/root-guard';
import { loadUsageEntries } from '../usage/usage-report';
import { buildUsageAnalytics } from './usage-analytics';

let inFlight: Promise<{ entries: UsageEntry[]; notices: string[] }> | undefined;

/** One import at a time: two dashboards (or a re-fetch on every push) share it instead of racing on the store. */
function entriesOnce(home: string): Promise<{ entries: UsageEntry[]; notices: string[] }> {
  inFlight ??= loadUsageEntries({ home, env: process.env }).finally(() => (inFlight = undefined));
  return inFlight;
}

function allowedRoots(ctx: RequestContext): string[] {
  const config = ctx.state.readConfig();
  return config.ok && config.value ? config.value.roots : [];
}

/** Each root as written and as resolved: agents log the cwd they were started in, which may be either. */
function rootVariants(roots: readonly string[]): string[] {
  const out = new Set<string>();
  for (const root of roots) {
    out.add(resolve(root));
    try {
      out.add(realpathSync.native(root));
    } catch {
      /* a root that no longer exists still names the folders logged under it */
    }
  }
  return [...out];
}

/** Cost, tokens, blocks and per-task usage for the Analytics view (see shared/protocol/analytics-methods.ts). */
export const analyticsHandlers: HandlerTable<'usage.analytics'> = {
  async 'usage.analytics'(params, ctx) {
    const p = params as Required<Pick<MethodParams<'usage.analytics'>, 'sessions' | 'recentBlocks'>> & Pick<MethodParams<'usage.analytics'>, 'since' | 'until'>;
    const roots = allowedRoots(ctx);
    const { entries, notices } = await entriesOnce(ctx.state.home);
    if (ctx.signal.aborted) return { ok: false, error: { code: 'cancelled', message: 'The analytics request was cancelled.' } };
    const result = buildUsageAnalytics(entries, p, {
      rootVariants: rootVariants(roots),
      confine: (path) => {
        const confined = confineToRoots(path, roots);
        return confined.ok ? confined.value : null;
      },
      now: Date.now(),
      notices: [...notices],
    });
    return { ok: true, result };
  },
};
