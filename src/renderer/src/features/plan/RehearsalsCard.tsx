import { formatCount } from '../../format/numbers';
import { formatDuration } from '../../format/time';
import { useTranslation } from '../../i18n';
import { useProjectStore } from '../../stores/StudioProvider';
import { Card } from '../../ui/Card';

const signed = (n: number) => (n > 0 ? `+${formatCount(n)}` : formatCount(n));

/** Each rehearsal against the one before: rejects by reason, mismatches, duration, and the trend in words. */
export function RehearsalsCard() {
  const { t } = useTranslation();
  const comparison = useProjectStore((s) => s.migration?.rehearsals ?? null);
  if (!comparison) return null;
  return (
    <Card title={t('plan.rehearsals')} testId="plan-rehearsals">
      <p className={`plan-trend is-${comparison.trend}`} data-testid="plan-trend">
        {comparison.summary}
      </p>
      {comparison.rehearsals.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('plan.rehearsal')}</th>
              <th scope="col" className="num">
                {t('plan.read')}
              </th>
              <th scope="col" className="num">
                {t('plan.rejected')}
              </th>
              <th scope="col" className="num">
                {t('plan.mismatches')}
              </th>
              <th scope="col">{t('plan.duration')}</th>
              <th scope="col">{t('plan.change')}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rehearsals.map((r) => (
              <tr key={r.runId} data-testid={`rehearsal-${r.runId}`}>
                <th scope="row">{r.label ?? r.runId}</th>
                <td className="num">{formatCount(r.read)}</td>
                <td className="num">{formatCount(r.rejected)}</td>
                <td className="num">{formatCount(r.mismatches)}</td>
                <td>{r.durationMs === null ? '—' : formatDuration(r.durationMs)}</td>
                <td>
                  {r.change ? (
                    <>
                      {t('plan.changeValue', { rejected: signed(r.change.rejected), mismatches: signed(r.change.mismatches) })}
                      {r.change.reasons.length > 0 && (
                        <div className="muted">
                          {r.change.reasons
                            .slice(0, 5)
                            .map((x) => `${x.code} ${formatCount(x.before)}→${formatCount(x.after)}`)
                            .join(', ')}
                        </div>
                      )}
                    </>
                  ) : (
                    t('plan.first')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
