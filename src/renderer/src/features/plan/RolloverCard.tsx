import { useId, useState } from 'react';
import { formatCount } from '../../format/numbers';
import { useTranslation } from '../../i18n';
import { useRolloverStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';

/**
 * After go-live: the next school year's rollover (docs/rollover.md). A preview reads what
 * Academia Pro holds and shows the plan by entity, in words, with the change gate's held
 * categories to approve one by one and every problem with its fix; apply writes it. The school
 * as Academia Pro then holds it can be exported as a OneRoster 1.2 bundle, checked by the same
 * column rules a received bundle is.
 */
export function RolloverCard() {
  const { t } = useTranslation();
  const preview = useRolloverStore((s) => s.preview);
  const exported = useRolloverStore((s) => s.exported);
  const busy = useRolloverStore((s) => s.busy);
  const previewNow = useRolloverStore((s) => s.previewNow);
  const approve = useRolloverStore((s) => s.approve);
  const apply = useRolloverStore((s) => s.apply);
  const exportOneRoster = useRolloverStore((s) => s.exportOneRoster);
  const [out, setOut] = useState('');
  const id = useId();
  const held = preview?.held?.categories ?? [];
  return (
    <Card
      title={t('plan.rollover.title')}
      testId="plan-rollover"
      actions={
        <Button size="small" disabled={busy !== null} onClick={() => void previewNow()} testId="rollover-preview">
          {preview ? t('plan.rollover.again') : t('plan.rollover.preview')}
        </Button>
      }
    >
      {!preview ? (
        <p className="muted">{t('plan.rollover.intro')}</p>
      ) : (
        <>
          <p data-testid="rollover-status">
            {t('plan.rollover.heading', { from: preview.fromYear?.name ?? '—', to: preview.toYear?.name ?? '—' })} · <strong>{t(`plan.rollover.status.${preview.status}`)}</strong>
          </p>
          <ul className="plan-rollover-summary">
            {preview.summary.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {preview.changes.length > 0 && (
            <table className="table" data-testid="rollover-changes">
              <thead>
                <tr>
                  <th scope="col">{t('plan.rollover.entity')}</th>
                  <th scope="col" className="num">
                    {t('plan.rollover.inserts')}
                  </th>
                  <th scope="col" className="num">
                    {t('plan.rollover.updates')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {preview.changes.map((c) => (
                  <tr key={c.entity}>
                    <th scope="row">{c.entity}</th>
                    <td className="num">{formatCount(c.inserts)}</td>
                    <td className="num">{formatCount(c.updates)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {preview.problems.length > 0 && (
            <ul className="plan-rollover-problems" data-testid="rollover-problems">
              {preview.problems.map((p, i) => (
                <li key={i}>
                  <strong>{[p.entity, p.externalId, p.field].filter(Boolean).join(' · ')}</strong> {p.message} <em>{p.fix}</em>
                </li>
              ))}
            </ul>
          )}
          {held.length > 0 && (
            <ul className="plan-checklist" aria-label={t('plan.rollover.held')}>
              {held.map((c) => (
                <li key={c.category} className={c.approved ? 'is-ok' : 'is-open'} data-testid={`rollover-held-${c.category}`}>
                  <span>{c.sentence}</span>
                  {c.approved ? (
                    <span className="muted">{t('plan.rollover.approved')}</span>
                  ) : (
                    <Button size="small" disabled={busy !== null || preview.status === 'applied'} onClick={() => void approve(c.category)} testId={`rollover-approve-${c.category}`}>
                      {t('plan.rollover.approve')}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {preview.applied ? (
            <p data-testid="rollover-applied">{t('plan.rollover.appliedAt', { at: preview.applied.at, by: preview.applied.by, records: formatCount(preview.applied.results.reduce((n, r) => n + r.created + r.updated, 0)) })}</p>
          ) : (
            <Button variant="primary" size="small" disabled={busy !== null || preview.status !== 'ready'} onClick={() => void apply()} testId="rollover-apply">
              {t('plan.rollover.apply')}
            </Button>
          )}
        </>
      )}
      <div className="plan-rollover-export">
        <label htmlFor={`${id}-out`}>{t('plan.rollover.exportFolder')}</label>
        <input id={`${id}-out`} className="input" value={out} maxLength={4096} placeholder={t('plan.rollover.exportPlaceholder')} onChange={(e) => setOut(e.target.value)} data-testid="oneroster-out" />
        <Button size="small" disabled={busy !== null || out.trim() === ''} onClick={() => void exportOneRoster(out.trim())} testId="oneroster-export">
          {t('plan.rollover.export')}
        </Button>
        {exported && (
          <p data-testid="oneroster-result">
            {t('plan.rollover.exported', { dir: exported.dir, files: exported.files.length, errors: exported.validation.errors, warnings: exported.validation.warnings })}
          </p>
        )}
      </div>
    </Card>
  );
}
