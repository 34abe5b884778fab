import { DISPLAY_LOCALE } from './locale';

/**
 * Number formatting for counts, percentages and rates. One formatter per kind, created once:
 * Intl formatters are costly to build and a progress screen formats many numbers a second.
 */
const countFormat = new Intl.NumberFormat(DISPLAY_LOCALE, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(DISPLAY_LOCALE, { maximumFractionDigits: 1 });

/** `12345` → `12,345` (with the user's thousands separator). */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** `1234.56` → `1,234.6`; for sizes and latencies where a decimal helps. */
export function formatDecimal(value: number): string {
  return decimalFormat.format(value);
}

/**
 * The share of work done, as a whole percentage. Rounded down so that "100%" only shows when
 * the work really is done; null when the total is unknown.
 */
export function percentDone(done: number, total: number | null): number | null {
  if (total === null || !Number.isFinite(total)) return null;
  if (total <= 0) return done > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** Rows per second, e.g. `1,250 rows/s`. */
export function formatRate(rowsPerSecond: number): string {
  if (!Number.isFinite(rowsPerSecond) || rowsPerSecond <= 0) return '0 rows/s';
  if (rowsPerSecond < 10) return `${formatDecimal(rowsPerSecond)} rows/s`;
  return `${formatCount(Math.round(rowsPerSecond))} rows/s`;
}

const shareFormat = new Intl.NumberFormat(DISPLAY_LOCALE, { style: 'percent', maximumFractionDigits: 1 });

/** A share from 0 to 1 as a percentage: `0.9965` → `99.7%` (confidence, containment, match scores). */
export function formatShare(fraction: number): string {
  return shareFormat.format(fraction);
}
