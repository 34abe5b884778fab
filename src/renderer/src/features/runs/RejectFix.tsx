import { useState } from 'react';
import type { RejectRecord } from '../../../../shared/api/contracts/rejects';
import { useTranslation } from '../../i18n';
import { useRunsStore } from '../../stores/StudioProvider';

const text = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Inline correction of a reject in the quarantine grid: one input per field its reasons name,
 * holding the person's correction or else the value the source had; Save keeps it (the value
 * Academia Pro gets, dates as YYYY-MM-DD) in the project file, never in the source. Shows what
 * the last re-run made of the row.
 */
export function RejectFix({ runId, reject }: { runId: string; reject: RejectRecord }) {
  const { t } = useTranslation();
  const fixReject = useRunsStore((s) => s.fixReject);
  const fields = [...new Set(reject.reasons.map((r) => r.field).filter((f): f is string => f !== null))];
  const initial = (field: string) => text(reject.corrections?.find((c) => c.field === field)?.value ?? reject.reasons.find((r) => r.field === field)?.value);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f, initial(f)])));
  const [saving, setSaving] = useState(false);
  const outcome = reject.outcome;
  if (outcome?.status === 'resolved') return <span className="reject-outcome resolved" data-testid={`reject-${reject.id}-resolved`}>{t('runs.rejects.resolved')}</span>;
  return (
    <div className="reject-fix" data-testid={`reject-${reject.id}-fix`}>
      {outcome && (
        <p className="reject-outcome failing">
          {t(`runs.rejects.outcome.${outcome.status}`)} {outcome.reasons.map((r) => r.message).join(' ')}
        </p>
      )}
      {fields.map((field) => {
        const corrected = reject.corrections?.find((c) => c.field === field);
        return (
          <form
            key={field}
            className="reject-fix-field"
            onSubmit={(e) => {
              e.preventDefault();
              setSaving(true);
              void fixReject(runId, reject.id, field, values[field] ?? '').finally(() => setSaving(false));
            }}
          >
            <label>
              <span className="mono">{field}</span>{' '}
              <input value={values[field] ?? ''} onChange={(e) => setValues({ ...values, [field]: e.target.value })} aria-label={t('runs.rejects.fixLabel', { field, row: reject.sourceRow ?? reject.key ?? reject.id })} data-testid={`reject-${reject.id}-${field}`} />
            </label>
            <button type="submit" className="btn btn-small" disabled={saving} data-testid={`reject-${reject.id}-${field}-save`}>
              {t('runs.rejects.save')}
            </button>
            {corrected && <span className="muted">{t('runs.rejects.correctedBy', { by: corrected.by, at: new Date(corrected.at).toLocaleString() })}</span>}
          </form>
        );
      })}
    </div>
  );
}
