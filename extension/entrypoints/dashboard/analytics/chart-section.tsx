import type { ComponentChildren } from 'preact';

/**
 * One analytics question: a heading, the chart(s) and the table with the same numbers. `side`
 * puts the table beside the chart on a wide page; otherwise it sits below.
 */
export function ChartSection({ id, title, note, side = false, charts, children }: { id: string; title: string; note?: ComponentChildren; side?: boolean; charts: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class={`card an-section${side ? ' side' : ''}`} aria-labelledby={`${id}-heading`} data-section={id}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {note && <p class="muted small an-note">{note}</p>}
      <div class="an-body">
        <div class="an-charts">{charts}</div>
        <div class="an-table-box">{children}</div>
      </div>
    </section>
  );
}

/** A numeric table cell: the shown text, and the exact number for anyone reading the markup. */
export function Num({ value, children }: { value: number; children: ComponentChildren }) {
  return (
    <td class="num" data-value={value}>
      {children}
    </td>
  );
}

/** Said in place of a chart and table when there is nothing to show. */
export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="an-empty">{children}</p>;
}
