import { useEffect } from 'react';
import { useTranslation } from '../../i18n';
import { useRunsStore } from '../../stores/StudioProvider';

/** Seconds as a person reads a duration: "45 s", "3 min 20 s", "2 h 5 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/**
 * The plan before a run starts (issue 18 points 1 and 9): entities in load order with the rows
 * each reads, the requests it sends and the time it should take, from the target's announced
 * rate limits and the latency measured on earlier calls.
 */
export function RunPlan() {
  const { t } = useTranslation();
  const plan = useRunsStore((s) => s.plan);
  const loading = useRunsStore((s) => s.planLoading);
  const loadPlan = useRunsStore((s) => s.loadPlan);

  useEffect(() => {
    void loadPlan();
  }, [loadPlan]);

  return (
    <section className="card run-plan" aria-labelledby="run-plan-title" data-testid="run-plan">
      <div className="run-plan-head">
        <h2 id="run-plan-title">{t('runs.plan.title')}</h2>
        <button type="button" className="btn btn-small" onClick={() => void loadPlan()} disabled={loading} data-testid="run-plan-refresh">
          {t('runs.plan.refresh')}
        </button>
      </div>
      {!plan ? (
        <p className="muted">{loading ? t('runs.plan.loading') : t('runs.plan.none')}</p>
      ) : (
        <>
          <p data-testid="run-plan-total">
            {t('runs.plan.total', { rows: plan.rows.toLocaleString(), requests: plan.requests.toLocaleString(), time: formatDuration(plan.seconds) })}
            {plan.rateLimitedSeconds > 0 && <> {t('runs.plan.waiting', { time: formatDuration(plan.rateLimitedSeconds) })}</>}
          </p>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('runs.plan.entity')}</th>
                <th scope="col" className="num">{t('runs.plan.rows')}</th>
                <th scope="col" className="num">{t('runs.plan.requests')}</th>
                <th scope="col" className="num">{t('runs.plan.time')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.entities.map((e) => (
                <tr key={e.entity} data-testid={`run-plan-${e.entity}`}>
                  <td>{e.entity}</td>
                  <td className="num">{e.rows === null ? '—' : `${e.estimated ? '~' : ''}${e.rows.toLocaleString()}`}</td>
                  <td className="num">{e.requests.toLocaleString()}</td>
                  <td className="num">{formatDuration(e.seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted" data-testid="run-plan-basis">
            {t('runs.plan.basis', {
              perMinute: plan.basis.perMinute ?? '?',
              perHour: plan.basis.perHour ?? '?',
              latency: Math.round(plan.basis.latencyMs),
              source: t(`runs.plan.latency.${plan.basis.latencySource}`),
              batch: plan.basis.batchSize,
            })}
          </p>
        </>
      )}
    </section>
  );
}
