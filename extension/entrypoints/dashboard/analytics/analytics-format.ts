import type { UsageAggregate } from '../../../../shared/usage/session-usage';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Exact token counts for tables: 1,234,567. */
export function tokensExact(n: number): string {
  return whole.format(n);
}

/** Short token counts for axes and cards: 950, 12.3k, 4.5M, 1.2B. */
export function tokensShort(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return whole.format(n);
}

/** Dollars to the cent; a positive amount under a cent says so instead of $0.00. */
export function usd(n: number): string {
  if (n > 0 && n < 0.005) return '<$0.01';
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A small rate in dollars, precise enough to compare: $0.0042, $0.037, $1.25. */
export function usdRate(n: number): string {
  if (n === 0) return '$0';
  if (n < 0.01) return `$${n.toFixed(4)}`;
  if (n < 1) return `$${n.toFixed(3)}`;
  return usd(n);
}

/** Dollars for an axis: $0, $0.50, $12, $1.2k. */
export function usdShort(n: number): string {
  if (n >= 1000) return `$${(n / 1000).toFixed(1)}k`;
  if (n >= 10 || Number.isInteger(n)) return `$${Math.round(n)}`;
  return `$${n.toFixed(2)}`;
}

/** "$4.10", "$4.10 + price unknown for x", or "price unknown" — never $0 for an unpriced model. */
export function costText(a: Pick<UsageAggregate, 'cost' | 'unpricedModels'>): string {
  if (!a.unpricedModels.length) return usd(a.cost);
  const unknown = `price unknown for ${a.unpricedModels.join(', ')}`;
  return a.cost === 0 ? unknown : `${usd(a.cost)} + ${unknown}`;
}

/** 25 min, 1 h 05 min. */
export function minutesText(m: number): string {
  const rounded = Math.round(m);
  if (rounded < 60) return `${m > 0 && m < 1 ? m.toFixed(1) : rounded} min`;
  return `${Math.floor(rounded / 60)} h ${String(rounded % 60).padStart(2, '0')} min`;
}

/** A clock time, with the date when it is not today: "14:05" or "Mar 3, 14:05". */
export function clockText(ms: number, now: number): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return new Date(now).toDateString() === d.toDateString() ? time : `${d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })}, ${time}`;
}

/** "+25 %" / "−10 %" / "±0 %" of actual against estimate; "—" without an estimate. */
export function deltaText(estimate: number, actual: number): string {
  if (estimate <= 0) return '—';
  const pct = Math.round(((actual - estimate) / estimate) * 100);
  return pct === 0 ? '±0 %' : pct > 0 ? `+${pct} %` : `−${-pct} %`;
}

export const CATEGORY_LABELS = { bug: 'Bugs', feature: 'Features', refactor: 'Refactoring', other: 'Other' } as const;
