import { CircleCheck, CircleX, History } from 'lucide-react';
import { useMemo } from 'react';
import type { TargetCheck } from '../../../../shared/model/target';
import { RelativeTime } from '../../components/RelativeTime';
import { formatCount } from '../../format/numbers';
import { t as i18nT, useTranslation } from '../../i18n';
import { useTargetStore } from '../../stores/StudioProvider';
import { DataTable, type DataColumn } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { LatencySparkline } from './LatencySparkline';

const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${formatCount(value)} ms`);

/** Every connection test, newest first: when, how it went, how long each step took, what failed. */
export function HealthHistory() {
  const { t } = useTranslation();
  const history = useTargetStore((s) => s.history);
  const loaded = useTargetStore((s) => s.loaded);
  const failed = history.filter((c) => !c.ok).length;
  const columns = useMemo<DataColumn<TargetCheck>[]>(
    () => [
      { id: 'when', header: t('target.history.when'), className: 'history-when', cell: (c) => <RelativeTime iso={c.at} />, sortValue: (c) => c.at },
      {
        id: 'result',
        header: t('target.history.result'),
        sortValue: (c) => (c.ok ? 1 : 0),
        cell: (c) => (
          <span className={c.ok ? 'status-ok' : 'status-bad'}>
            {c.ok ? <CircleCheck aria-hidden="true" size={14} /> : <CircleX aria-hidden="true" size={14} />}
            {c.ok ? t('target.history.ok') : t('target.history.failedResult')}
          </span>
        ),
      },
      { id: 'by', header: t('target.history.askedBy'), cell: (c) => (c.trigger === 'run' ? t('target.history.byRun') : c.trigger === 'schedule' ? t('target.history.bySchedule') : t('target.history.byYou')), sortValue: (c) => c.trigger },
      { id: 'health', header: t('target.history.health'), numeric: true, cell: (c) => ms(c.health?.latencyMs), sortValue: (c) => c.health?.latencyMs ?? null },
      { id: 'auth', header: t('target.history.credentials'), numeric: true, cell: (c) => ms(c.auth?.latencyMs), sortValue: (c) => c.auth?.latencyMs ?? null },
      { id: 'message', header: t('target.history.message'), className: 'history-message', source: true, cell: (c) => messageOf(c), title: (c) => messageOf(c) || undefined },
    ],
    [t],
  );
  return (
    <section className="card" aria-labelledby="target-history-title" data-testid="target-history">
      <div className="card-header">
        <h2 id="target-history-title" className="card-title">
          {t('target.history.title')} <span className="count-pill">{formatCount(history.length)}</span>
          {failed > 0 && <span className="count-pill count-pill-attention">{t('target.history.failed', { formatted: formatCount(failed) })}</span>}
        </h2>
        <LatencySparkline checks={history} />
      </div>
      {loaded && history.length === 0 ? (
        <EmptyState icon={<History size={28} />} title={t('target.history.noneTitle')}>
          <p>{t('target.history.noneBody')}</p>
        </EmptyState>
      ) : (
        <DataTable rows={history} columns={columns} rowKey={(c) => String(c.id)} labelledBy="target-history-title" scrollClassName="history-scroll" rowProps={(c) => ({ testId: `history-${c.id}` })} />
      )}
    </section>
  );
}

function messageOf(check: TargetCheck): string {
  return check.error?.message ?? (check.deprecation ? check.deprecation.message : check.health?.status === 'degraded' ? translateDegraded() : '');
}

function translateDegraded(): string {
  return i18nT('target.history.degraded');
}
