import { t as translate } from '../../i18n';
import type { Readiness } from '../../../../shared/model/assessment';
import { formatCount } from '../../format/numbers';
import { readinessBand } from './readiness-band';

/** One bar per table, worst first (where the work is); the number and row count beside each bar. */
export function TableReadinessChart({ perTable }: { perTable: Readiness['perTable'] }) {
  if (perTable.length === 0) return <p className="muted">No table was scored.</p>;
  const sorted = [...perTable].sort((a, b) => a.score - b.score || a.table.localeCompare(b.table));
  return (
    <ul className="table-chart" aria-label="Readiness score of each table, worst first" data-testid="table-readiness">
      {sorted.map((t) => {
        const band = readinessBand(t.score);
        return (
          <li key={t.table} className="table-chart-row" aria-label={translate('assessment.perTable.label', { table: t.table, score: t.score, count: t.rows, formatted: formatCount(t.rows) })}>
            <span className="table-chart-name mono" dir="auto" title={t.table}>
              {t.table}
            </span>
            <span className="table-chart-track" aria-hidden="true">
              <span className={`table-chart-bar band-${band}`} style={{ width: `${Math.max(0, Math.min(100, t.score))}%` }} />
            </span>
            <span className="table-chart-score num" aria-hidden="true">
              {formatCount(t.score)}
            </span>
            <span className="table-chart-rows num muted" aria-hidden="true">
              {translate('count.rows', { count: t.rows, formatted: formatCount(t.rows) })}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
