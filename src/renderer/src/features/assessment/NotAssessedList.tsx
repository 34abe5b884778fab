import { DataTable, type DataColumn } from '../../ui/DataTable';
import type { AssessmentResult } from '../../../../shared/model/assessment';

type Item = AssessmentResult['notAssessed'][number];

const COLUMNS: DataColumn<Item>[] = [
  { id: 'table', header: 'Table', className: 'mono', source: true, title: (i) => i.table, cell: (i) => i.table, sortValue: (i) => i.table },
  { id: 'column', header: 'Column', className: 'mono', source: true, cell: (i) => i.column ?? <span className="muted">whole table</span>, sortValue: (i) => i.column ?? '' },
  { id: 'why', header: 'Why', source: true, cell: (i) => i.reason },
];

/** What the assessment could not read, and why: the rest was assessed all the same. */
export function NotAssessedList({ items }: { items: AssessmentResult['notAssessed'] }) {
  return (
    <div className="stack stack-tight">
      <p className="muted">These parts of the source could not be assessed; the score covers the rest. Fix the cause and assess again.</p>
      <DataTable
        rows={items}
        columns={COLUMNS}
        rowKey={(item) => `${item.table}/${item.column ?? ''}/${item.reason}`}
        label="Not assessed"
        testId="not-assessed"
        initialSort={{ column: 'table', direction: 'ascending' }}
      />
    </div>
  );
}
