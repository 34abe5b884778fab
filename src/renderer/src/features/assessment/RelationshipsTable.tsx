import { Link2 } from 'lucide-react';
import type { Relationship } from '../../../../shared/model/assessment';
import { EmptyState } from '../../components/EmptyState';
import { DataTable, type DataColumn } from '../../ui/DataTable';
import { formatCount, formatShare } from '../../format/numbers';

/** How many orphans, and of what: "7 of 2,013 rows (0.3%)"; a lower bound when the engine could not count exactly. */
function orphanText(r: Relationship): string {
  const bound = r.orphansExact === false ? 'at least ' : '';
  if (r.referencingRows === undefined || r.referencingRows === 0) return `${bound}${formatCount(r.orphans)}`;
  return `${bound}${formatCount(r.orphans)} of ${formatCount(r.referencingRows)} (${formatShare(r.orphans / r.referencingRows)})`;
}

const fromOf = (r: Relationship) => `${r.fromTable}.${r.fromColumns.join(', ')}`;
const toOf = (r: Relationship) => `${r.toTable}.${r.toColumns.join(', ')}`;

const COLUMNS: DataColumn<Relationship>[] = [
  { id: 'from', header: 'From', className: 'mono', source: true, title: fromOf, cell: fromOf, sortValue: fromOf },
  { id: 'to', header: 'To', className: 'mono', source: true, title: toOf, cell: toOf, sortValue: toOf },
  {
    id: 'kind',
    header: 'Kind',
    sortValue: (r) => (r.declared ? 0 : 1),
    cell: (r) => (
      <>
        {r.declared ? (
          <span className="tag">Declared</span>
        ) : (
          <span className="tag tag-info" title={r.reasons?.join('; ')}>
            Inferred
          </span>
        )}
        {!r.declared && r.reasons && r.reasons.length > 0 && <p className="relationship-reasons muted">{r.reasons.join(' · ')}</p>}
      </>
    ),
  },
  { id: 'confidence', header: 'Confidence', numeric: true, cell: (r) => formatShare(r.confidence), sortValue: (r) => r.confidence },
  { id: 'orphans', header: 'Orphans', numeric: true, className: (r) => (r.orphans > 0 ? 'text-danger' : undefined), cell: orphanText, sortValue: (r) => r.orphans },
  {
    id: 'examples',
    header: 'Orphan keys (examples)',
    className: 'mono orphan-examples',
    source: true,
    cell: (r) => (r.orphanExamples.length > 0 ? r.orphanExamples.join(', ') : <span className="muted">—</span>),
  },
];

/**
 * Declared and inferred references between tables, how sure each is, and the rows that point
 * nowhere; most orphans first, sortable by any column.
 */
export function RelationshipsTable({ relationships }: { relationships: Relationship[] }) {
  if (relationships.length === 0) {
    return (
      <EmptyState icon={<Link2 size={28} />} title="No relationships found">
        <p>The source declares no references between tables, and none could be inferred from column names and values.</p>
      </EmptyState>
    );
  }
  const byTable = [...relationships].sort((a, b) => a.fromTable.localeCompare(b.fromTable));
  return (
    <DataTable
      rows={byTable}
      columns={COLUMNS}
      rowKey={(r) => `${fromOf(r)}->${toOf(r)}`}
      label="Relationships"
      testId="relationships"
      className="relationships"
      scrollClassName="relationships-scroll"
      mode="table"
      initialSort={{ column: 'orphans', direction: 'descending' }}
      rowProps={(r) => ({ className: r.orphans > 0 ? 'has-orphans' : undefined, testId: `relationship-${r.fromTable}-${r.toTable}` })}
    />
  );
}
