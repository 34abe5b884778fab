import type { RunProgress } from '../../../shared/model/run';

/**
 * One line of progress: bar, counts, rate and time left (UX.md: every long task shows these).
 * While pushing, the bar counts the records the target answered out of those staged (the
 * phase's own `done`/`total`); an older engine's event without them falls back to the counters.
 */
export function formatProgress(p: RunProgress, width = 24): string {
  const own = p.done !== undefined && p.total !== undefined;
  const done = own ? (p.done as number) : p.phase === 'push' ? p.counters.created + p.counters.updated + p.counters.unchanged + p.counters.rejected + p.counters.failed : p.counters.read;
  const total = own ? (p.total as number | null) : p.estimate;
  const fraction = total ? Math.min(1, done / total) : 0;
  const filled = Math.round(fraction * width);
  const bar = total ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(fraction * 100)}%`.padEnd(width + 7) : '[working…]';
  const counts = `${fmt(done)}${total ? `/${fmt(total)}` : ''}`;
  const rate = p.rate > 0 ? `${fmt(Math.round(p.rate))} rows/s` : '— rows/s';
  const eta = p.etaSeconds === null ? 'time left —' : `time left ${formatDuration(p.etaSeconds)}`;
  return `${p.entity.padEnd(16)} ${p.phase.padEnd(9)} ${bar} ${counts}  ${rate}  ${eta}  (rejected ${fmt(p.counters.rejected)})`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  if (m < 60) return `${m}m ${s}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

function fmt(n: number): string {
  return n.toLocaleString('en');
}
