import { useEffect, useId, useState, type FormEvent } from 'react';
import { MIGRATION_APPROACHES, MIGRATION_MODULES, MIGRATION_SCOPES, type MigrationApproach, type MigrationModule, type MigrationScope } from '../../../../shared/model/migration-plan';
import { useTranslation } from '../../i18n';
import { formatCount } from '../../format/numbers';
import { useProjectStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';

interface Draft {
  legacyName: string;
  legacyVersion: string;
  scope: MigrationScope;
  modules: MigrationModule[];
  approach: MigrationApproach | '';
  startDate: string;
  endDate: string;
  schoolYearStart: string;
}

/**
 * The migration record: what the school decides (legacy system, scope, approach, dates) in a
 * form, next to what the project tells (volume, complexity, risk, rollback) and what the chosen
 * strategy implies. The engine checks the record; a refusal is a toast and the form keeps the draft.
 */
export function RecordCard() {
  const { t } = useTranslation();
  const record = useProjectStore((s) => s.migration?.record ?? null);
  const updatePlan = useProjectStore((s) => s.updatePlan);
  const busy = useProjectStore((s) => s.busy === 'plan');
  const [draft, setDraft] = useState<Draft | null>(null);
  const id = useId();

  useEffect(() => {
    if (!record) return;
    setDraft({
      legacyName: record.legacySystem?.name ?? '',
      legacyVersion: record.legacySystem?.version ?? '',
      scope: record.scope,
      modules: record.modules,
      approach: record.approach ?? '',
      startDate: record.startDate ?? '',
      endDate: record.endDate ?? '',
      schoolYearStart: record.schoolYearStart ?? '',
    });
  }, [record]);

  if (!record || !draft) return null;
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const toggle = (m: MigrationModule) => set({ modules: draft.modules.includes(m) ? draft.modules.filter((x) => x !== m) : MIGRATION_MODULES.filter((x) => x === m || draft.modules.includes(x)) });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void updatePlan({
      record: {
        legacySystem: draft.legacyName.trim() ? { name: draft.legacyName.trim(), version: draft.legacyVersion.trim() || null } : null,
        scope: draft.scope,
        modules: draft.scope === 'Full' ? [...MIGRATION_MODULES] : draft.modules,
        ...(draft.approach ? { approach: draft.approach } : {}),
        startDate: draft.startDate || null,
        endDate: draft.endDate || null,
        schoolYearStart: draft.schoolYearStart || null,
      },
    });
  };

  return (
    <Card title={t('plan.record')} testId="plan-record">
      <form className="form plan-record-form" onSubmit={onSubmit} aria-label={t('plan.record')}>
        <div className="plan-fields">
          <label htmlFor={`${id}-name`}>{t('plan.legacyName')}</label>
          <input id={`${id}-name`} className="input" value={draft.legacyName} maxLength={200} onChange={(e) => set({ legacyName: e.target.value })} data-testid="plan-legacy-name" />
          <label htmlFor={`${id}-version`}>{t('plan.legacyVersion')}</label>
          <input id={`${id}-version`} className="input" value={draft.legacyVersion} maxLength={100} onChange={(e) => set({ legacyVersion: e.target.value })} />
          <label htmlFor={`${id}-scope`}>{t('plan.scope')}</label>
          <select id={`${id}-scope`} className="input" value={draft.scope} onChange={(e) => set({ scope: e.target.value as MigrationScope })} data-testid="plan-scope">
            {MIGRATION_SCOPES.map((s) => (
              <option key={s} value={s}>
                {t(`plan.scopes.${s}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-approach`}>{t('plan.approach')}</label>
          <select id={`${id}-approach`} className="input" value={draft.approach} onChange={(e) => set({ approach: e.target.value as MigrationApproach | '' })} data-testid="plan-approach">
            <option value="">{t('plan.approaches.none')}</option>
            {MIGRATION_APPROACHES.map((a) => (
              <option key={a} value={a}>
                {t(`plan.approaches.${a}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-start`}>{t('plan.startDate')}</label>
          <input id={`${id}-start`} className="input" type="date" value={draft.startDate} onChange={(e) => set({ startDate: e.target.value })} data-testid="plan-start" />
          <label htmlFor={`${id}-end`}>{t('plan.endDate')}</label>
          <input id={`${id}-end`} className="input" type="date" value={draft.endDate} onChange={(e) => set({ endDate: e.target.value })} data-testid="plan-end" />
          <label htmlFor={`${id}-year`} title={t('plan.schoolYearHelp')}>
            {t('plan.schoolYear')}
          </label>
          <input id={`${id}-year`} className="input" type="date" value={draft.schoolYearStart} onChange={(e) => set({ schoolYearStart: e.target.value })} data-testid="plan-school-year" />
        </div>
        {draft.scope !== 'Full' && (
          <fieldset className="plain-fieldset">
            <legend className="field-label">{t('plan.modules')}</legend>
            <div className="radio-group">
              {MIGRATION_MODULES.map((m) => (
                <label key={m} className="checkbox">
                  <input type="checkbox" checked={draft.modules.includes(m)} onChange={() => toggle(m)} />
                  {t(`plan.moduleNames.${m}`)}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <div>
          <Button type="submit" variant="primary" size="small" busy={busy} testId="plan-record-save">
            {t('plan.save')}
          </Button>
        </div>
      </form>
      <h3 className="plan-subtitle">{t('plan.computed')}</h3>
      <dl className="plan-facts" data-testid="plan-facts">
        <dt>{t('plan.volume')}</dt>
        <dd>{record.dataVolumeEstimate === null ? t('plan.notYet') : t('plan.volumeValue', { formatted: formatCount(record.dataVolumeEstimate) })}</dd>
        <dt>{t('plan.complexity')}</dt>
        <dd>{record.complexity ?? t('plan.notYet')}</dd>
        <dt>{t('plan.risk')}</dt>
        <dd>{record.riskScore === null ? t('plan.notYet') : t('plan.riskValue', { score: record.riskScore })}</dd>
        <dt>{t('plan.rollback')}</dt>
        <dd>{record.rollbackPlanAvailable ? t('plan.rollbackYes') : t('plan.rollbackNo')}</dd>
      </dl>
      <h3 className="plan-subtitle">{t('plan.implications')}</h3>
      <ul className="plan-implications" data-testid="plan-implications">
        {record.implications.map((line) => (
          <li key={line} dir="auto">
            {line}
          </li>
        ))}
      </ul>
    </Card>
  );
}
