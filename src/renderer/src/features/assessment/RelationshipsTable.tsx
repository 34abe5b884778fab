import { Link2 } from 'lucide-react';
import type { Relationship } from '../../../../shared/model/assessment';
import { EmptyState } from '../../components/EmptyState';
import { formatCount, formatShare } from '../../format/numbers';

/** How many orphans, and of what: "7 of 2,013 rows (0.3%)"; a lower bound when the engine could not count exactly. */
function orphanText(r: Relationship): string {
  const bound = r.orphansExact === false ? 'at least ' : '';
  if (r.referencingRows === undefined || r.referencingRows === 0) return `${bound}${formatCount(r.orphans)}`;
  return `${bound}${formatCount(r.orphans)} of ${formatCount(r.referencingRows)} (${formatShare(r.orphans / r.referencingRows)})`;
}

/** Declared and inferred references between tables, how sure each is, and the rows that point nowhere. */
export function RelationshipsTable({ relationships }: { relationships: Relationship[] }) {
  if (relationships.length === 0) {
    return (
      <EmptyState icon={<Link2 size={28} />} title="No relationships found">
        <p>The source declares no references between tables, and none could be inferred from column names and values.</p>
      </EmptyState>
    );
  }
  const sorted = [...relationships].sort((a, b) => b.orphans - a.orphans || a.fromTable.localeCompare(b.fromTable));
  return (
    <div className="table-scroll relationships-scroll">
      <table className="data-table relationships" data-testid="relationships">
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Confidence
            </th>
            <th scope="col" className="num">
              Orphans
            </th>
            <th scope="col">Orphan keys (examples)</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => {
            const from = `${r.fromTable}.${r.fromColumns.join(', ')}`;
            const to = `${r.toTable}.${r.toColumns.join(', ')}`;
            return (
              <tr key={`${from}->${to}`} className={r.orphans > 0 ? 'has-orphans' : undefined} data-testid={`relationship-${r.fromTable}-${r.toTable}`}>
                <td className="mono" dir="auto">
                  {from}
                </td>
                <td className="mono" dir="auto">
                  {to}
                </td>
                <td>
                  {r.declared ? (
                    <span className="tag">Declared</span>
                  ) : (
                    <span className="tag tag-info" title={r.reasons?.join('; ')}>
                      Inferred
                    </span>
                  )}
                  {!r.declared && r.reasons && r.reasons.length > 0 && <p className="relationship-reasons muted">{r.reasons.join(' · ')}</p>}
                </td>
                <td className="num">{formatShare(r.confidence)}</td>
                <td className={`num${r.orphans > 0 ? ' text-danger' : ''}`}>{orphanText(r)}</td>
                <td className="mono orphan-examples" dir="auto">
                  {r.orphanExamples.length > 0 ? r.orphanExamples.join(', ') : <span className="muted">—</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
