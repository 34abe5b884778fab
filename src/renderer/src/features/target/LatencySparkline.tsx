import type { TargetCheck } from '../../../../shared/model/target';
import { formatCount } from '../../format/numbers';

const WIDTH = 240;
const HEIGHT = 40;
const PAD = 4;

/**
 * Health-check round trips over the recent tests, oldest on the left; a failed test is a red
 * mark on the baseline. The summary in the label says the same for screen readers.
 */
export function LatencySparkline({ checks }: { checks: TargetCheck[] }) {
  const oldestFirst = [...checks].reverse();
  if (oldestFirst.length < 2) return null;
  const latencies = oldestFirst.map((c) => c.health?.latencyMs ?? null);
  const known = latencies.filter((l): l is number => l !== null);
  const max = Math.max(1, ...known);
  const failed = oldestFirst.filter((c) => !c.ok).length;
  const step = (WIDTH - 2 * PAD) / (oldestFirst.length - 1);
  const x = (i: number) => PAD + i * step;
  const y = (ms: number) => HEIGHT - PAD - (ms / max) * (HEIGHT - 2 * PAD);

  // Breaks the line where a test had no health answer, rather than drawing through it.
  const segments: string[] = [];
  let current = '';
  latencies.forEach((ms, i) => {
    if (ms === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(ms).toFixed(1)}`;
  });
  if (current) segments.push(current);

  const label =
    known.length > 0
      ? `Health round trip over the last ${oldestFirst.length} tests: from ${formatCount(Math.min(...known))} to ${formatCount(Math.max(...known))} ms; ${failed} failed.`
      : `No health answers in the last ${oldestFirst.length} tests.`;

  return (
    <figure className="sparkline-figure">
      <figcaption className="sparkline-caption" aria-hidden="true">
        Health round trip, last {oldestFirst.length}
      </figcaption>
      <svg className="sparkline" role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} data-testid="latency-sparkline">
        <title>{label}</title>
        {segments.map((d, i) => (
          <path key={i} d={d} className="sparkline-line" />
        ))}
        {oldestFirst.map((c, i) =>
          c.ok ? null : <circle key={c.id} cx={x(i)} cy={latencies[i] === null ? HEIGHT - PAD : y(latencies[i]!)} r={3} className="sparkline-fail" />,
        )}
      </svg>
    </figure>
  );
}
