import { useTranslation } from '../i18n';
import { Check } from 'lucide-react';
import { MIGRATION_STATUSES, type MigrationStatus } from '../../../shared/model/counters';

/** Where the migration stands: Planning → Assessment → Execution → Validation → Completed. */
export function MigrationStepper({ status }: { status: MigrationStatus | null }) {
  const { t } = useTranslation();
  const current = status === null ? -1 : MIGRATION_STATUSES.indexOf(status);
  return (
    <nav className="stepper" aria-label={t('shell.stepper')}>
      <ol>
        {MIGRATION_STATUSES.map((stage, index) => {
          // The last stage is "done" once reached; earlier stages are done once passed.
          const done = index < current || (stage === 'Completed' && index === current);
          const state = done ? 'done' : index === current ? 'current' : 'upcoming';
          return (
            <li key={stage} className={`step step-${state}`} aria-current={index === current ? 'step' : undefined}>
              <span className="step-marker" aria-hidden="true">
                {done ? <Check size={12} /> : index + 1}
              </span>
              <span className="step-label">{stage}</span>
              <span className="visually-hidden">{state === 'done' ? t('shell.stepDone') : state === 'current' ? t('shell.stepCurrent') : ''}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
