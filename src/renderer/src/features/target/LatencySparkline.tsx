import type { TargetCheck } from '../../../../shared/model/target';
import { formatCount } from '../../format/numbers';
import { formatDateTime } from '../../format/time';
import { useTranslation } from '../../i18n';

const WIDTH = 300;
const HEIGHT = 76;
/** Room for the latency labels on the left and the time labels below. */
const LEFT = 44;
const RIGHT = 6;
const TOP = 6;
const BOTTOM = 16;

/**
 * Health-check round trips over the recent tests, oldest on the left: a y axis in ms (0 and the
 * highest), the oldest and newest test's time under the x axis, a point per answer (hover for
 * its time and value), and a failed test as a red mark on the baseline. The summary in the
 * label says the same for screen readers.
 */
export function LatencySparkline({ checks }: { checks: TargetCheck[] }) {
  const { t } = useTranslation();
  const oldestFirst = [...checks].reverse();
  if (oldestFirst.length < 2) return null;
  const latencies = oldestFirst.map((c) => c.health?.latencyMs ?? null);
  const known = latencies.filter((l): l is number => l !== null);
  const max = Math.max(1, ...known);
  const failed = oldestFirst.filter((c) => !c.ok).length;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = plotWidth / (oldestFirst.length - 1);
  const x = (i: number) => LEFT + i * step;
  const y = (ms: number) => TOP + plotHeight - (ms / max) * plotHeight;
  const baseline = TOP + plotHeight;

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
      ? t('target.sparkline.label', { count: oldestFirst.length, min: formatCount(Math.min(...known)), max: formatCount(Math.max(...known)), failed })
      : t('target.sparkline.noAnswers', { count: oldestFirst.length });
  const timeLabel = (iso: string) => formatDateTime(iso);

  return (
    <figure className="sparkline-figure">
      <figcaption className="sparkline-caption" aria-hidden="true">
        {t('target.sparkline.caption', { count: oldestFirst.length })}
      </figcaption>
      <svg className="sparkline" role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} data-testid="latency-sparkline">
        <title>{label}</title>
        <g className="sparkline-axis" aria-hidden="true">
          <line x1={LEFT} y1={TOP} x2={LEFT} y2={baseline} />
          <line x1={LEFT} y1={baseline} x2={WIDTH - RIGHT} y2={baseline} />
          <line className="sparkline-grid" x1={LEFT} y1={TOP} x2={WIDTH - RIGHT} y2={TOP} />
          <text x={LEFT - 4} y={TOP + 4} textAnchor="end">
            {t('target.sparkline.ms', { value: formatCount(max) })}
          </text>
          <text x={LEFT - 4} y={baseline} textAnchor="end">
            {t('target.sparkline.ms', { value: '0' })}
          </text>
          <text x={LEFT} y={HEIGHT - 2} textAnchor="start">
            {t('target.sparkline.oldest')}
          </text>
          <text x={WIDTH - RIGHT} y={HEIGHT - 2} textAnchor="end">
            {t('target.sparkline.newest')}
          </text>
        </g>
        {segments.map((d, i) => (
          <path key={i} d={d} className="sparkline-line" />
        ))}
        {oldestFirst.map((c, i) => {
          const ms = latencies[i];
          if (!c.ok) {
            return (
              <circle key={c.id} cx={x(i)} cy={ms === null ? baseline : y(ms)} r={3.5} className="sparkline-fail">
                <title>{t('target.sparkline.failedPoint', { when: timeLabel(c.at) })}</title>
              </circle>
            );
          }
          if (ms === null) return null;
          return (
            <circle key={c.id} cx={x(i)} cy={y(ms)} r={2.5} className="sparkline-point">
              <title>{t('target.sparkline.point', { when: timeLabel(c.at), value: formatCount(ms) })}</title>
            </circle>
          );
        })}
      </svg>
    </figure>
  );
}
