import type { AuditEntryInfo } from '../../../../shared/api/services';
import { formatCount } from '../../format/numbers';
import { formatDateTime } from '../../format/time';
import { t } from '../../i18n';
import { useAuditStore } from '../../stores/StudioProvider';
import { DataTable, type DataColumn } from '../../ui/DataTable';

const COLUMNS: DataColumn<AuditEntryInfo>[] = [
  { id: 'seq', header: '#', numeric: true, className: 'mono', cell: (e) => formatCount(e.seq), sortValue: (e) => e.seq },
  {
    id: 'time',
    header: t('audit.table.time'),
    className: 'audit-time',
    cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time>,
    sortValue: (e) => e.at,
  },
  { id: 'actor', header: t('audit.table.actor'), className: 'mono', source: true, cell: (e) => e.actor, sortValue: (e) => e.actor },
  { id: 'action', header: t('audit.table.action'), cell: (e) => <span className="tag mono">{e.action}</span>, sortValue: (e) => e.action },
  { id: 'object', header: t('audit.table.object'), className: 'mono audit-object', source: true, title: (e) => e.object, cell: (e) => e.object, sortValue: (e) => e.object },
  { id: 'summary', header: t('audit.table.summary'), className: 'audit-summary', source: true, cell: (e) => e.summary },
];

/**
 * Entries newest first. Summaries come masked from the engine (no secret, personal data
 * hidden) and may hold names in any script, hence `dir="auto"`. The store pages the trail
 * (Load more), so the table virtualizes only a very long one.
 */
export function AuditTable({ entries }: { entries: AuditEntryInfo[] }) {
  const badSeq = useAuditStore((s) => (s.verification && !s.verification.valid ? s.verification.firstBadEntry : null));
  return (
    <DataTable
      rows={entries}
      columns={COLUMNS}
      rowKey={(e) => String(e.seq)}
      label={t('audit.table.label')}
      testId="audit-table"
      className="audit-table"
      scrollClassName="audit-table-scroll"
      virtualizeAbove={1000}
      rowProps={(e) => ({ className: e.seq === badSeq ? 'is-mismatch' : undefined, title: t('audit.table.hash', { hash: e.hash }), data: { 'data-seq': String(e.seq) } })}
    />
  );
}
