import { CircleCheck, FileCode, FileSpreadsheet, FileText, RefreshCw, TriangleAlert } from 'lucide-react';
import { useEffect, useMemo } from 'react';
import type { ReconciliationMismatch } from '../../../../shared/api/contracts/reconcile';
import type { ReconciliationLine, RunInfo } from '../../../../shared/model/run';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/numbers';
import { useTranslation } from '../../i18n';
import { useRunsStore } from '../../stores/StudioProvider';
import { DataTable, type DataColumn } from '../../ui/DataTable';
import { saveFile } from '../../ui/download';

const valueText = (value: unknown) => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

type ChecksumState = 'equal' | 'differ' | 'sourceOnly' | 'none';

function checksumState(line: ReconciliationLine): ChecksumState {
  if (line.sourceChecksum === undefined) return 'none';
  if (line.targetChecksum === null || line.targetChecksum === undefined) return 'sourceOnly';
  return line.sourceChecksum === line.targetChecksum ? 'equal' : 'differ';
}

const REPORTS = [
  { format: 'html', icon: FileCode },
  { format: 'pdf', icon: FileText },
  { format: 'csv', icon: FileSpreadsheet },
] as const;

/**
 * The certificate of a finished run (docs/reconciliation.md): per entity, what the counts leave out
 * (filtered, merged), what was read back, field mismatches and whether the checksums of what was
 * staged and of what the target holds are equal; then the mismatches, one per record and field.
 * "Check again" reads the target back anew (someone may have changed a record in Academia Pro).
 */
export function ReconciliationCertificate({ run }: { run: RunInfo }) {
  const { t } = useTranslation();
  const doc = useRunsStore((s) => s.certificates[run.runId]);
  const rechecking = useRunsStore((s) => s.rechecking[run.runId] === true);
  const loadCertificate = useRunsStore((s) => s.loadCertificate);
  const recheck = useRunsStore((s) => s.recheckCertificate);
  const report = useRunsStore((s) => s.certificateReport);
  const certified = run.reconciliation.some((l) => l.sourceChecksum !== undefined);

  useEffect(() => {
    if (certified) void loadCertificate(run.runId);
  }, [run.runId, certified, loadCertificate]);

  const entityColumns = useMemo<DataColumn<ReconciliationLine>[]>(
    () => [
      { id: 'entity', header: t('runs.certificate.entity'), rowHeader: true, className: 'mono', cell: (l) => l.entity, sortValue: (l) => l.entity },
      { id: 'filtered', header: t('runs.certificate.filtered'), numeric: true, cell: (l) => formatCount(l.filtered ?? 0), sortValue: (l) => l.filtered },
      { id: 'merged', header: t('runs.certificate.merged'), numeric: true, cell: (l) => formatCount(l.merged ?? 0), sortValue: (l) => l.merged },
      { id: 'readBack', header: t('runs.certificate.readBack'), numeric: true, cell: (l) => formatCount(l.readBack ?? 0), sortValue: (l) => l.readBack },
      {
        id: 'fields',
        header: t('runs.certificate.fieldMismatches'),
        numeric: true,
        className: (l) => ((l.checksumMismatches ?? 0) > 0 ? 'mismatch-cell' : undefined),
        cell: (l) => formatCount(l.checksumMismatches ?? 0),
        sortValue: (l) => l.checksumMismatches,
      },
      {
        id: 'checksums',
        header: t('runs.certificate.checksums'),
        cell: (l) => {
          const state = checksumState(l);
          return (
            <span className={state === 'differ' ? 'text-danger' : state === 'equal' ? 'status-ok' : 'muted'} data-testid={`checksum-${l.entity}`}>
              {t(`runs.certificate.checksum.${state}`)}
            </span>
          );
        },
        title: (l) => (l.sourceChecksum ? `${l.sourceChecksum}\n${l.targetChecksum ?? ''}` : undefined),
        sortValue: (l) => checksumState(l),
      },
    ],
    [t],
  );

  const mismatchColumns = useMemo<DataColumn<ReconciliationMismatch>[]>(
    () => [
      { id: 'entity', header: t('runs.certificate.entity'), className: 'mono', cell: (m) => m.entity, sortValue: (m) => m.entity },
      { id: 'externalId', header: t('runs.certificate.externalId'), source: true, className: 'mono', cell: (m) => m.externalId, sortValue: (m) => m.externalId },
      { id: 'field', header: t('runs.certificate.field'), cell: (m) => m.field ?? t('runs.certificate.wholeRecord'), sortValue: (m) => m.field },
      { id: 'kind', header: t('runs.certificate.kind'), cell: (m) => t(`runs.certificate.kinds.${m.kind}`, { survivor: m.survivor ?? '' }), sortValue: (m) => m.kind },
      { id: 'source', header: t('runs.certificate.sourceValue'), source: true, cell: (m) => valueText(m.source), title: (m) => valueText(m.source) },
      { id: 'target', header: t('runs.certificate.targetValue'), source: true, cell: (m) => valueText(m.target), title: (m) => valueText(m.target) },
    ],
    [t],
  );

  if (!certified) return null;
  const lines = doc?.reconciliation ?? run.reconciliation;
  const total = doc?.mismatchesTotal ?? 0;
  const fieldMismatches = lines.reduce((n, l) => n + (l.checksumMismatches ?? 0), 0);
  const holds = doc !== undefined && run.status === 'Completed' && total === 0 && lines.every((l) => l.mismatches === 0 && checksumState(l) !== 'differ');
  const onReport = async (format: 'html' | 'pdf' | 'csv') => {
    const file = await report(run.runId, format);
    if (file) saveFile(file);
  };

  return (
    <section className="reconciliation-certificate" aria-labelledby="certificate-title" data-testid="reconciliation-certificate">
      <div className="certificate-header">
        <h3 id="certificate-title">{t('runs.certificate.title')}</h3>
        <div className="certificate-actions" role="group" aria-label={t('runs.certificate.export')}>
          <button type="button" className="btn btn-small" onClick={() => void recheck(run.runId)} disabled={rechecking} aria-busy={rechecking} data-testid="certificate-recheck">
            {rechecking ? <Spinner size={14} /> : <RefreshCw aria-hidden="true" size={14} />}
            {t('runs.certificate.recheck')}
          </button>
          {REPORTS.map(({ format, icon: Icon }) => (
            <button key={format} type="button" className="btn btn-small" onClick={() => void onReport(format)} data-testid={`certificate-${format}`}>
              <Icon aria-hidden="true" size={14} />
              {t(`runs.certificate.formats.${format}`)}
            </button>
          ))}
        </div>
      </div>
      {!doc ? (
        <p className="muted">{t('runs.certificate.loading')}</p>
      ) : holds ? (
        <p className="status-ok" data-testid="certificate-verdict">
          <CircleCheck aria-hidden="true" size={16} /> {run.dryRun ? t('runs.certificate.holdsDryRun') : t('runs.certificate.holds')}
        </p>
      ) : (
        <p className="status-bad" role="note" data-testid="certificate-verdict">
          <TriangleAlert aria-hidden="true" size={16} /> {t('runs.certificate.fails', { count: Math.max(total, fieldMismatches) })}
        </p>
      )}
      {doc?.checkedAt && <p className="muted">{t('runs.certificate.checkedAt', { at: new Date(doc.checkedAt).toLocaleString() })}</p>}
      <DataTable rows={lines} columns={entityColumns} label={t('runs.certificate.entitiesLabel')} testId="certificate-entities" rowKey={(l) => l.entity} />
      {doc && total > 0 && (
        <>
          <h4>{t('runs.certificate.mismatches', { count: total })}</h4>
          {total > doc.mismatches.length && <p className="muted">{t('runs.certificate.shown', { shown: doc.mismatches.length, total })}</p>}
          <DataTable rows={doc.mismatches} columns={mismatchColumns} label={t('runs.certificate.mismatchesLabel')} testId="certificate-mismatches" rowKey={(m) => `${m.entity}/${m.externalId}/${m.field ?? ''}/${m.kind}`} />
        </>
      )}
    </section>
  );
}
