import { useEffect, useMemo } from 'react';
import { isFinished } from '../../../../shared/model/counters';
import type { RejectRecord } from '../../../../shared/api/contracts/rejects';
import type { RunInfo } from '../../../../shared/model/run';
import { useTranslation } from '../../i18n';
import { useRunsStore } from '../../stores/StudioProvider';
import { DataTable, type DataColumn } from '../../ui/DataTable';
import { RejectFix } from './RejectFix';

const ALL = '';

const cellText = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * A finished run's rejected rows (the quarantine): source row number, entity, key, each reason
 * with its field, code and stage, and the kept values (masked as the engine masks them). Filters
 * by reason and by field, each choice showing how many rejects it holds.
 */
export function RunRejects({ run }: { run: RunInfo }) {
  const { t } = useTranslation();
  const shown = useRunsStore((s) => s.rejects[run.runId]);
  const loadRejects = useRunsStore((s) => s.loadRejects);
  const rejected = run.counters.rejected;
  const rerunRejects = useRunsStore((s) => s.rerunRejects);
  const loadMoreRejects = useRunsStore((s) => s.loadMoreRejects);
  const rerunning = useRunsStore((s) => s.rerunning[run.runId] === true);
  const activeRun = useRunsStore((s) => s.runs.some((r) => !isFinished(r.status)));

  useEffect(() => {
    if (rejected > 0) void loadRejects(run.runId);
  }, [run.runId, rejected, loadRejects]);

  const columns = useMemo<DataColumn<RejectRecord>[]>(
    () => [
      { id: 'row', header: t('runs.rejects.sourceRow'), numeric: true, cell: (r) => r.sourceRow ?? '—', sortValue: (r) => r.sourceRow },
      { id: 'entity', header: t('runs.rejects.entity'), cell: (r) => r.entity, sortValue: (r) => r.entity },
      { id: 'key', header: t('runs.rejects.key'), source: true, className: 'mono', cell: (r) => r.key ?? '—', sortValue: (r) => r.key },
      {
        id: 'reasons',
        header: t('runs.rejects.reasons'),
        source: true,
        cell: (r) => (
          <ul className="reject-reasons">
            {r.reasons.map((x, i) => (
              <li key={i}>
                <code>{x.code}</code> {x.field && <strong>{x.field}</strong>} {x.message}
              </li>
            ))}
          </ul>
        ),
        title: (r) => r.reasons.map((x) => x.message).join('\n'),
      },
      { id: 'stage', header: t('runs.rejects.stage'), cell: (r) => t(`runs.rejects.stages.${r.stage}`), sortValue: (r) => r.stage },
      {
        id: 'fix',
        header: t('runs.rejects.fix'),
        // Keyed by the reject and its corrections, so a saved correction or a re-run's outcome shows at once.
        cell: (r) => <RejectFix key={`${r.id}:${JSON.stringify(r.corrections ?? [])}:${r.outcome?.status ?? ''}`} runId={run.runId} reject={r} />,
      },
      {
        id: 'values',
        header: t('runs.rejects.values'),
        source: true,
        cell: (r) =>
          Object.entries(r.row)
            .map(([k, v]) => `${k}: ${cellText(v)}`)
            .join(' · '),
      },
    ],
    [t, run.runId],
  );

  if (rejected === 0) return null;
  const page = shown?.page;
  const filter = shown?.filter ?? {};
  const choose = (next: { code?: string; field?: string }) => void loadRejects(run.runId, next);
  const pending = page?.pending ?? [];
  const unresolved = pending.reduce((n, p) => n + p.pending, 0);
  const corrected = pending.reduce((n, p) => n + p.corrected, 0);
  const canRerun = !run.dryRun && (run.operation === 'Migration' || run.operation === 'Rerun') && unresolved > 0;

  return (
    <section className="run-rejects" aria-labelledby="run-rejects-title" data-testid="run-rejects">
      <div className="run-rejects-head">
        <h3 id="run-rejects-title">{t('runs.rejects.title', { count: rejected })}</h3>
        {canRerun && (
          <button
            type="button"
            className="btn btn-primary btn-small"
            onClick={() => void rerunRejects(run.runId)}
            disabled={rerunning || activeRun}
            title={t('runs.rejects.rerunHint')}
            data-testid="rerun-rejects"
          >
            {t('runs.rejects.rerun', { count: unresolved })}
          </button>
        )}
      </div>
      {page && pending.length > 0 && (
        <p className="muted" data-testid="rejects-pending">
          {t('runs.rejects.pending', { count: unresolved, corrected })}
        </p>
      )}
      {!page ? (
        <p className="muted">{t('runs.rejects.loading')}</p>
      ) : (
        <>
          <div className="reject-filters">
            <label>
              {t('runs.rejects.byReason')}{' '}
              <select value={filter.code ?? ALL} onChange={(e) => choose({ ...filter, code: e.target.value || undefined })} data-testid="rejects-code">
                <option value={ALL}>{t('runs.rejects.allReasons')}</option>
                {page.byCode.map((c) => (
                  <option key={c.code} value={c.code}>
                    {t('runs.rejects.option', { name: c.code, count: c.count })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('runs.rejects.byField')}{' '}
              <select value={filter.field ?? ALL} onChange={(e) => choose({ ...filter, field: e.target.value || undefined })} data-testid="rejects-field">
                <option value={ALL}>{t('runs.rejects.allFields')}</option>
                {page.byField
                  .filter((f) => f.field !== null)
                  .map((f) => (
                    <option key={f.field} value={f.field!}>
                      {t('runs.rejects.option', { name: f.field, count: f.count })}
                    </option>
                  ))}
              </select>
            </label>
            {page.masked && <span className="muted">{t('runs.rejects.masked')}</span>}
          </div>
          <p className="muted" data-testid="rejects-shown">
            {t('runs.rejects.shown', { shown: page.rows.length, total: page.total })}
          </p>
          <DataTable rows={page.rows} columns={columns} label={t('runs.rejects.label')} testId="rejects-table" rowKey={(r) => String(r.id)} empty={t('runs.rejects.none')} />
          {page.rows.length < page.total && (
            <button type="button" className="btn btn-small" onClick={() => void loadMoreRejects(run.runId)} data-testid="rejects-more">
              {t('runs.rejects.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
