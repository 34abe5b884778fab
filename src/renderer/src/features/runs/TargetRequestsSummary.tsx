import type { TargetRequestStats } from '../../../../shared/model/target';
import { formatCount } from '../../format/numbers';

/** Status classes in the order a person reads them: answers first, then limits, then failures. */
function statusOrder(status: string): number {
  if (status === 'network') return 9_999;
  return Number(status) || 9_998;
}

/**
 * How the run's conversation with Academia Pro went: requests, answers by status, retries and
 * latency. A burst of 429s or network failures here explains a slow or failed push.
 */
export function TargetRequestsSummary({ stats }: { stats: TargetRequestStats | undefined }) {
  if (!stats) return null;
  if (stats.requests === 0) {
    return (
      <p className="muted" data-testid="run-requests">
        This run sent no requests to Academia Pro.
      </p>
    );
  }
  const statuses = Object.entries(stats.byStatus).sort(([a], [b]) => statusOrder(a) - statusOrder(b));
  const troubled = statuses.some(([status]) => status === '429' || status === 'network' || Number(status) >= 500);
  return (
    <section className="run-requests" aria-labelledby="run-requests-title" data-testid="run-requests">
      <h3 id="run-requests-title">Requests to Academia Pro</h3>
      <dl className="facts">
        <div>
          <dt>Requests</dt>
          <dd className="num">{formatCount(stats.requests)}</dd>
        </div>
        <div>
          <dt>Retries</dt>
          <dd className={`num${stats.retries > 0 ? ' text-warning' : ''}`}>{formatCount(stats.retries)}</dd>
        </div>
        <div>
          <dt>Latency p50 / p95 / max</dt>
          <dd className="num">
            {formatCount(stats.latencyMs.p50)} / {formatCount(stats.latencyMs.p95)} / {formatCount(stats.latencyMs.max)} ms
          </dd>
        </div>
        <div>
          <dt>Answers</dt>
          <dd className={troubled ? 'text-warning' : undefined} data-testid="run-requests-statuses">
            {statuses.map(([status, count]) => `${status === 'network' ? 'no answer' : status} × ${formatCount(count)}`).join(', ')}
          </dd>
        </div>
      </dl>
    </section>
  );
}
