import { useEffect, useMemo } from 'react';
import type { RollbackConflict, RollbackEntityReport } from '../../../../shared/api/contracts/rollback';
import type { RunInfo } from '../../../../shared/model/run';
import { formatCount } from '../../format/numbers';
import { useTranslation } from '../../i18n';
import { ROLLBACK_CONFLICTS_PAGE } from '../../stores/runs-store';
import { useRunsStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { DataTable, type DataColumn } from '../../ui/DataTable';

/**
 * What a Rollback run did: per entity the records restored, deleted, found unchanged and left as
 * conflicts, then the conflicts themselves (external id, code, reason) a page at a time. Read
 * again whenever the run's status changes, so a running rollback's report catches up.
 */
export function RollbackReport({ run }: { run: RunInfo }) {
  const { t } = useTranslation();
  const report = useRunsStore((s) => s.rollbackReports[run.runId]);
  const offset = useRunsStore((s) => s.rollbackOffsets[run.runId] ?? 0);
  const load = useRunsStore((s) => s.loadRollbackReport);

  useEffect(() => {
    void load(run.runId);
  }, [run.runId, run.status, load]);

  const entityColumns = useMemo<DataColumn<RollbackEntityReport>[]>(
    () => [
      { id: 'entity', header: t('runs.rollbackReport.entity'), rowHeader: true, className: 'mono', cell: (r) => r.entity },
      { id: 'restored', header: t('runs.rollbackReport.restored'), numeric: true, cell: (r) => formatCount(r.restored) },
      { id: 'deleted', header: t('runs.rollbackReport.deleted'), numeric: true, cell: (r) => formatCount(r.deleted) },
      { id: 'unchanged', header: t('runs.rollbackReport.unchanged'), numeric: true, cell: (r) => formatCount(r.unchanged) },
      { id: 'conflicts', header: t('runs.rollbackReport.conflicts'), numeric: true, className: (r) => (r.conflicts > 0 ? 'text-warning' : undefined), cell: (r) => formatCount(r.conflicts) },
    ],
    [t],
  );

  const conflictColumns = useMemo<DataColumn<RollbackConflict>[]>(
    () => [
      { id: 'entity', header: t('runs.rollbackReport.entity'), className: 'mono', cell: (c) => c.entity, sortValue: (c) => c.entity },
      { id: 'externalId', header: t('runs.rollbackReport.externalId'), source: true, className: 'mono', cell: (c) => c.externalId, sortValue: (c) => c.externalId },
      { id: 'action', header: t('runs.rollbackReport.action'), cell: (c) => t(`runs.rollbackReport.actions.${c.action}`) },
      { id: 'code', header: t('runs.rollbackReport.code'), cell: (c) => <code>{c.code}</code>, sortValue: (c) => c.code },
      { id: 'reason', header: t('runs.rollbackReport.reason'), source: true, cell: (c) => c.reason, title: (c) => c.reason },
    ],
    [t],
  );

  if (!report) {
    return (
      <section className="rollback-report" data-testid="rollback-report">
        <h3>{t('runs.rollbackReport.title')}</h3>
        <p className="muted">{t('runs.rollbackReport.loading')}</p>
      </section>
    );
  }

  const total = report.conflictsTotal;
  const pageEnd = offset + report.conflicts.length;
  return (
    <section className="rollback-report" aria-labelledby="rollback-report-title" data-testid="rollback-report">
      <h3 id="rollback-report-title">{t('runs.rollbackReport.title')}</h3>
      <p className="muted" data-testid="rollback-of">
        {report.entity === null ? t('runs.rollbackReport.of', { run: report.rolledBackRunId }) : t('runs.rollbackReport.ofEntity', { run: report.rolledBackRunId, entity: report.entity })}
      </p>
      <DataTable
        rows={report.entities}
        columns={entityColumns}
        rowKey={(r) => r.entity}
        label={t('runs.rollbackReport.label')}
        testId="rollback-entities"
        mode="table"
        rowProps={(r) => ({ testId: `rollback-entity-${r.entity}` })}
        empty={t('runs.rollbackReport.none')}
      />
      {total === 0 ? (
        report.entities.length > 0 && <p className="note">{t('runs.rollbackReport.clean')}</p>
      ) : (
        <div className="rollback-conflicts" data-testid="rollback-conflicts">
          <h4>{t('runs.rollbackReport.conflictsTitle', { count: total })}</h4>
          <p className="muted">{t('runs.rollbackReport.conflictsHelp')}</p>
          <DataTable rows={report.conflicts} columns={conflictColumns} rowKey={(c) => `${c.entity}/${c.externalId}`} label={t('runs.rollbackReport.conflictsLabel')} testId="rollback-conflicts-table" />
          {total > ROLLBACK_CONFLICTS_PAGE && (
            <nav className="rollback-pager" aria-label={t('runs.rollbackReport.pages')}>
              <Button size="small" disabled={offset === 0} onClick={() => void load(run.runId, Math.max(0, offset - ROLLBACK_CONFLICTS_PAGE))} testId="rollback-previous">
                {t('runs.rollbackReport.previous')}
              </Button>
              <span className="muted" data-testid="rollback-page">
                {t('runs.rollbackReport.shown', { from: formatCount(offset + 1), to: formatCount(pageEnd), total: formatCount(total) })}
              </span>
              <Button size="small" disabled={pageEnd >= total} onClick={() => void load(run.runId, offset + ROLLBACK_CONFLICTS_PAGE)} testId="rollback-next">
                {t('runs.rollbackReport.next')}
              </Button>
            </nav>
          )}
        </div>
      )}
    </section>
  );
}
