import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import type { MetricPoint } from '../../../../shared/api/contracts/monitoring';
import { formatDateTime } from '../../format/time';

export interface ChartSeries {
  label: string;
  value: (p: MetricPoint) => number | null;
  /** A design token's colour (`var(--…)` cannot be read by a canvas, so the value is resolved at draw time). */
  colorToken: string;
  format: (v: number) => string;
}

/** True where a canvas can draw (not in a DOM without layout, such as the renderer's tests). */
function canDraw(): boolean {
  try {
    return typeof HTMLCanvasElement !== 'undefined' && !/jsdom/i.test(navigator.userAgent) && document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

function tokenColor(element: Element, token: string, fallback: string): string {
  const value = getComputedStyle(element).getPropertyValue(token).trim();
  return value || fallback;
}

/** Draws the series into `el` with uPlot, following the element's width. */
function drawChart(UPlot: typeof uPlot, el: HTMLDivElement, points: MetricPoint[], series: ChartSeries[]): { destroy(): void } {
  const data: uPlot.AlignedData = [points.map((p) => Date.parse(p.start) / 1000), ...series.map((s) => points.map((p) => s.value(p)))];
  const width = Math.max(280, el.clientWidth || 560);
  const muted = tokenColor(el, '--text-muted', '#666');
  const plot = new UPlot(
    {
      width,
      height: 200,
      legend: { show: true },
      scales: { x: { time: true } },
      axes: [{ stroke: muted }, { stroke: muted, values: (_u, ticks) => ticks.map((v) => series[0]?.format(v) ?? String(v)) }],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: tokenColor(el, s.colorToken, '#3367d6'), width: 2, spanGaps: false, value: (_u: uPlot, v: number | null) => (v === null ? '—' : s.format(v)) }))],
    },
    data,
    el,
  );
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth || width), height: 200 }));
  resize.observe(el);
  return {
    destroy() {
      resize.disconnect();
      plot.destroy();
    },
  };
}

/**
 * One time series chart drawn by uPlot (a well-kept canvas chart library), with the same numbers
 * in a table for screen readers (and anyone who wants the figures). Periods are the x axis; a
 * null value is a gap, never a zero.
 */
export function TimeSeriesChart({ title, points, series, testId }: { title: string; points: MetricPoint[]; series: ChartSeries[]; testId?: string }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = holder.current;
    if (!el || !canDraw()) return;
    let chart: { destroy(): void } | null = null;
    let gone = false;
    // uPlot is loaded on first use: it reads the display's pixel density as it loads.
    void import('uplot').then(({ default: UPlot }) => {
      if (!gone) chart = drawChart(UPlot, el, points, series);
    });
    return () => {
      gone = true;
      chart?.destroy();
    };
  }, [points, series]);

  return (
    <figure className="dashboard-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={holder} className="dashboard-chart-canvas" aria-hidden="true" />
      <table className="visually-hidden">
        <thead>
          <tr>
            <th scope="col">{title}</th>
            {series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.start}>
              <th scope="row">{formatDateTime(p.start)}</th>
              {series.map((s) => {
                const v = s.value(p);
                return <td key={s.label}>{v === null ? '—' : s.format(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
