import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { minutesText, tokensShort, usdShort } from './analytics-format';
import { stackSeries, type ChartSeries } from './chart-series';

export const PALETTE_SIZE = 6;

export interface ChartSpec {
  /** `days`: x holds local midnights in epoch seconds; `categories`: x is the index into `labels`. */
  kind: 'days' | 'categories';
  x: number[];
  labels?: string[];
  series: ChartSeries[];
  /** Bars on top of each other (days by model) or side by side (estimate vs actual). */
  layout: 'single' | 'stacked' | 'grouped';
  unit: 'usd' | 'tokens' | 'minutes';
}

type UPlotModule = typeof uPlot;
let loading: Promise<UPlotModule> | undefined;

/** uPlot and its CSS load only when a chart is first drawn: never in the popup or Today's first paint. */
function loadUplot(): Promise<UPlotModule> {
  loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default);
  return loading;
}

/** Axis labels with as many decimals as the tick step needs, so two ticks never read the same. */
const formatters: Record<ChartSpec['unit'], (n: number, step: number) => string> = {
  usd: (n, step) => (step >= 1 || n === 0 ? usdShort(n) : `$${n.toFixed(Math.min(4, Math.max(2, Math.ceil(-Math.log10(step)))))}`),
  tokens: (n) => tokensShort(n),
  minutes: (n) => minutesText(n),
};

interface Theme {
  text: string;
  muted: string;
  grid: string;
  colors: string[];
  font: string;
}

function readTheme(el: HTMLElement): Theme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#1d2330'),
    muted: v('--muted', '#5d6677'),
    grid: v('--border', '#d9dde5'),
    colors: Array.from({ length: PALETTE_SIZE }, (_, i) => v(`--chart-${i + 1}`, '#3355d1')),
    font: `12px ${v('--font', 'system-ui, sans-serif')}`,
  };
}

/** Re-renders when the page's theme changes (the dashboard's choice or the system's). */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((n) => n + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', bump);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', bump);
    };
  }, []);
  return version;
}

const cut = (s: string, n = 16) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function options(U: UPlotModule, spec: ChartSpec, theme: Theme, width: number, height: number): uPlot.Options {
  const categories = spec.kind === 'categories';
  const n = spec.x.length;
  const format = formatters[spec.unit];
  const barSize: [number, number] = spec.layout === 'grouped' ? [0.38, 40] : [0.7, categories ? 56 : 28];
  const series: uPlot.Series[] = [{}];
  // Stacked: the running totals drawn from the top series down, so each lower bar paints over the one above it.
  const order = spec.layout === 'stacked' ? [...spec.series.keys()].reverse() : [...spec.series.keys()];
  for (const k of order) {
    const color = theme.colors[k % theme.colors.length]!;
    series.push({
      label: spec.series[k]!.label,
      stroke: color,
      fill: color,
      width: 0,
      points: { show: false },
      paths: U.paths.bars!({ size: barSize, align: spec.layout === 'grouped' ? (k === 0 ? -1 : 1) : 0, gap: spec.layout === 'grouped' ? 0 : 1 }),
    });
  }
  const axis = { stroke: theme.muted, font: theme.font, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
  const dayPad = 43_200;
  return {
    width,
    height,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    padding: [10, 12, 0, 4],
    scales: {
      x: categories
        ? { time: false, range: [-0.5, n - 0.5] }
        : { time: true, range: [(spec.x[0] ?? 0) - dayPad, (spec.x[n - 1] ?? 0) + dayPad] },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
    },
    axes: [
      categories
        ? { ...axis, grid: { show: false }, splits: () => spec.x, values: (_u, splits) => splits.map((i) => cut(spec.labels?.[i] ?? '')) }
        : { ...axis, grid: { show: false } },
      { ...axis, size: 60, values: (_u, splits, _axis, _space, step) => splits.map((v) => format(v, step)) },
    ],
    series,
  };
}

function chartData(spec: ChartSpec): uPlot.AlignedData {
  const values = spec.layout === 'stacked' ? stackSeries(spec.series).reverse() : spec.series.map((s) => s.values);
  return [spec.x, ...values];
}

/**
 * A bar chart drawn by uPlot on a canvas, sized to its container and coloured from the theme's
 * variables. Assistive technology hears one label pointing to the table, which has the numbers.
 */
export function UsageChart({ spec, height = 220, label }: { spec: ChartSpec; height?: number; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const themeVersion = useThemeVersion();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let chart: uPlot | undefined;
    let stopped = false;
    let observer: ResizeObserver | undefined;
    loadUplot()
      .then((U) => {
        if (stopped) return;
        const width = Math.max(240, el.clientWidth);
        chart = new U(options(U, spec, readTheme(el), width, height), chartData(spec), el);
        observer = new ResizeObserver(() => {
          const w = Math.max(240, el.clientWidth);
          if (chart && Math.abs(chart.width - w) > 1) chart.setSize({ width: w, height });
        });
        observer.observe(el);
      })
      .catch(() => setFailed(true));
    return () => {
      stopped = true;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [spec, height, themeVersion]);
  if (failed) return <p class="muted small">The chart could not be drawn; the table has the numbers.</p>;
  return (
    <div class="an-chart-wrap">
      <div class="an-chart" ref={box} role="img" aria-label={label} style={{ minHeight: `${height}px` }} />
      {spec.series.length > 1 && (
        <ul class="an-legend" aria-hidden="true">
          {spec.series.map((s, k) => (
            <li key={s.label}>
              <span class={`an-swatch c${(k % PALETTE_SIZE) + 1}`} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
