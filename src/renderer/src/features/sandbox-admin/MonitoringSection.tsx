import { Activity, Ban, CircleX } from 'lucide-react';
import type { SandboxAdminOverview } from '../../../../shared/model/target';
import { RelativeTime } from '../../components/RelativeTime';
import { formatCount } from '../../format/numbers';

/** Calls, errors, 429s and latency per endpoint since the sandbox started (Refresh reads them again). */
export function MonitoringSection({ monitoring }: { monitoring: SandboxAdminOverview['monitoring'] }) {
  if (!monitoring) return <p className="muted">The sandbox keeps no monitoring figures.</p>;
  const rows = [...monitoring.endpoints].sort((a, b) => b.calls - a.calls || a.path.localeCompare(b.path));
  const { totals } = monitoring;
  return (
    <div className="stack stack-tight" data-testid="admin-monitoring">
      <p className="muted">
        Since <RelativeTime iso={monitoring.since} />
      </p>
      <ul className="count-tiles" aria-label="Totals">
        <li className="count-tile">
          <Activity aria-hidden="true" size={18} />
          <span className="count-tile-value">{formatCount(totals.calls)}</span>
          <span className="count-tile-label">calls</span>
        </li>
        <li className="count-tile">
          <CircleX aria-hidden="true" size={18} />
          <span className="count-tile-value">{formatCount(totals.errors)}</span>
          <span className="count-tile-label">errors</span>
        </li>
        <li className="count-tile">
          <Ban aria-hidden="true" size={18} />
          <span className="count-tile-value">{formatCount(totals.rateLimited)}</span>
          <span className="count-tile-label">refused for the rate limit (429)</span>
        </li>
      </ul>
      {rows.length === 0 ? (
        <p className="muted">No calls yet. Test the connection or start a run, then refresh.</p>
      ) : (
        <div className="table-scroll admin-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Version</th>
                <th scope="col" className="num">
                  Calls
                </th>
                <th scope="col" className="num">
                  Errors (4xx / 5xx)
                </th>
                <th scope="col" className="num">
                  429s
                </th>
                <th scope="col" className="num">
                  p50
                </th>
                <th scope="col" className="num">
                  p95
                </th>
                <th scope="col">Last call</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={`${e.apiVersion} ${e.method} ${e.path}`} data-testid={`monitor-${e.operationId}`}>
                  <th scope="row" className="mono" dir="ltr">
                    <span className={`method-tag method-${e.method.toLowerCase()}`}>{e.method.toUpperCase()}</span> {e.path}
                  </th>
                  <td>{e.apiVersion}</td>
                  <td className="num">{formatCount(e.calls)}</td>
                  <td className={`num${e.errors > 0 ? ' text-danger' : ''}`}>
                    {formatCount(e.errors)}
                    {e.errors > 0 && (
                      <span className="muted">
                        {' '}
                        ({formatCount(e.clientErrors)} / {formatCount(e.serverErrors)})
                      </span>
                    )}
                  </td>
                  <td className={`num${e.rateLimited > 0 ? ' text-warning' : ''}`}>{formatCount(e.rateLimited)}</td>
                  <td className="num">{formatCount(e.latencyMs.p50)} ms</td>
                  <td className="num">{formatCount(e.latencyMs.p95)} ms</td>
                  <td>{e.lastCalledAt ? <RelativeTime iso={e.lastCalledAt} /> : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
