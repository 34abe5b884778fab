import { escapeHtml, raw, type Html } from './html-escape';

/**
 * Small inline SVG charts for the report: no scripts, no external assets, readable in print.
 * Every label goes through escapeHtml.
 */
export const COLORS = { error: '#c62828', warning: '#e08600', info: '#1e6fb8', good: '#2e7d32', track: '#e6e8ec', text: '#1f2430', muted: '#667085' } as const;

export function scoreColor(score: number): string {
  return score >= 80 ? COLORS.good : score >= 50 ? COLORS.warning : COLORS.error;
}

/** The readiness score as a ring with the number in the middle. */
export function scoreRing(score: number, size = 150): Html {
  const r = size / 2 - 12;
  const c = 2 * Math.PI * r;
  const filled = (Math.max(0, Math.min(100, score)) / 100) * c;
  const mid = size / 2;
  return raw(
    `<svg class="ring" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="Readiness ${score} out of 100">` +
      `<circle cx="${mid}" cy="${mid}" r="${r}" fill="none" stroke="${COLORS.track}" stroke-width="14"/>` +
      `<circle cx="${mid}" cy="${mid}" r="${r}" fill="none" stroke="${scoreColor(score)}" stroke-width="14" stroke-linecap="round" stroke-dasharray="${filled.toFixed(1)} ${c.toFixed(1)}" transform="rotate(-90 ${mid} ${mid})"/>` +
      `<text x="${mid}" y="${mid + 4}" text-anchor="middle" font-size="${size / 3.4}" font-weight="700" fill="${COLORS.text}">${score}</text>` +
      `<text x="${mid}" y="${mid + size / 5.5}" text-anchor="middle" font-size="${size / 12}" fill="${COLORS.muted}">of 100</text>` +
      `</svg>`,
  );
}

export interface Bar {
  label: string;
  value: number;
  color: string;
  /** Text after the bar (defaults to the value). */
  note?: string;
}

/** Horizontal bars, one per row, scaled to `max` (default: the largest value). */
export function barChart(bars: readonly Bar[], opts: { width?: number; max?: number; label?: string } = {}): Html {
  const width = opts.width ?? 680;
  const labelWidth = 180;
  const noteWidth = 150;
  const row = 24;
  const max = opts.max ?? Math.max(1, ...bars.map((b) => b.value));
  const barSpace = width - labelWidth - noteWidth;
  const height = bars.length * row + 4;
  const parts = bars.map((b, i) => {
    const y = i * row + 4;
    const w = b.value <= 0 ? 0 : Math.max(2, (b.value / max) * barSpace);
    const label = b.label.length > 26 ? `${b.label.slice(0, 25)}…` : b.label;
    return (
      `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end" font-size="12" fill="${COLORS.text}">${escapeHtml(label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 2}" width="${barSpace}" height="16" rx="3" fill="${COLORS.track}"/>` +
      `<rect x="${labelWidth}" y="${y + 2}" width="${w.toFixed(1)}" height="16" rx="3" fill="${b.color}"/>` +
      `<text x="${labelWidth + barSpace + 8}" y="${y + 14}" font-size="12" fill="${COLORS.muted}">${escapeHtml(b.note ?? b.value.toLocaleString('en'))}</text>`
    );
  });
  return raw(`<svg class="bars" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(opts.label ?? 'chart')}">${parts.join('')}</svg>`);
}

/** One stacked bar split by severity (errors, warnings, notes). */
export function severityStrip(counts: { error: number; warning: number; info: number }, width = 560): Html {
  const total = counts.error + counts.warning + counts.info;
  if (total === 0) return raw(`<svg class="strip" width="${width}" height="18" viewBox="0 0 ${width} 18" role="img" aria-label="No findings"><rect width="${width}" height="18" rx="4" fill="${COLORS.good}"/></svg>`);
  let x = 0;
  const parts: string[] = [];
  for (const key of ['error', 'warning', 'info'] as const) {
    const w = (counts[key] / total) * width;
    if (w > 0) parts.push(`<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="18" fill="${COLORS[key]}"/>`);
    x += w;
  }
  return raw(`<svg class="strip" width="${width}" height="18" viewBox="0 0 ${width} 18" role="img" aria-label="Findings by severity">${parts.join('')}</svg>`);
}
