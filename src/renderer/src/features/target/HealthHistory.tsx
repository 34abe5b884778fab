import { CircleCheck, CircleX, History } from 'lucide-react';
import type { TargetCheck } from '../../../../shared/model/target';
import { EmptyState } from '../../components/EmptyState';
import { RelativeTime } from '../../components/RelativeTime';
import { formatCount } from '../../format/numbers';
import { useTargetStore } from '../../stores/StudioProvider';
import { LatencySparkline } from './LatencySparkline';

const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${formatCount(value)} ms`);

/** Every connection test, newest first: when, how it went, how long each step took, what failed. */
export function HealthHistory() {
  const history = useTargetStore((s) => s.history);
  const loaded = useTargetStore((s) => s.loaded);
  const failed = history.filter((c) => !c.ok).length;
  return (
    <section className="card" aria-labelledby="target-history-title" data-testid="target-history">
      <div className="card-header">
        <h2 id="target-history-title" className="card-title">
          Health history <span className="count-pill">{formatCount(history.length)}</span>
          {failed > 0 && <span className="count-pill count-pill-attention">{formatCount(failed)} failed</span>}
        </h2>
        <LatencySparkline checks={history} />
      </div>
      {loaded && history.length === 0 ? (
        <EmptyState icon={<History size={28} />} title="No tests yet">
          <p>Each connection test (yours, and the one a run makes before it pushes) is kept here.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll history-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Result</th>
                <th scope="col">Asked by</th>
                <th scope="col" className="num">
                  Health
                </th>
                <th scope="col" className="num">
                  Credentials
                </th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {history.map((check) => (
                <HistoryRow key={check.id} check={check} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function HistoryRow({ check }: { check: TargetCheck }) {
  const message = check.error?.message ?? (check.deprecation ? check.deprecation.message : check.health?.status === 'degraded' ? 'The service said it is degraded.' : '');
  return (
    <tr data-testid={`history-${check.id}`}>
      <td className="history-when">
        <RelativeTime iso={check.at} />
      </td>
      <td>
        <span className={check.ok ? 'status-ok' : 'status-bad'}>
          {check.ok ? <CircleCheck aria-hidden="true" size={14} /> : <CircleX aria-hidden="true" size={14} />}
          {check.ok ? 'OK' : 'Failed'}
        </span>
      </td>
      <td>{check.trigger === 'run' ? 'A run' : 'You'}</td>
      <td className="num">{ms(check.health?.latencyMs)}</td>
      <td className="num">{ms(check.auth?.latencyMs)}</td>
      <td className="history-message" dir="auto">
        {message}
      </td>
    </tr>
  );
}
