import { useTranslation } from '../i18n';
import { Check } from 'lucide-react';
import { MIGRATION_STATUSES, type MigrationStatus } from '../../../shared/model/counters';
import type { MigrationProgress } from '../../../shared/model/migration-progress';

/**
 * Where the migration stands: Planning → Assessment → Execution → Validation → Completed. Each
 * stage's exit criteria (from the engine's `migration.status`) are its tooltip, so what blocks
 * the next stage is one hover away; a click opens the migration plan, which says it in full.
 */
export function MigrationStepper({ status, progress = null, onOpen }: { status: MigrationStatus | null; progress?: MigrationProgress | null; onOpen?: () => void }) {
  const { t } = useTranslation();
  const current = status === null ? -1 : MIGRATION_STATUSES.indexOf(status);
  return (
    <nav className="stepper" aria-label={t('shell.stepper')}>
      <ol>
        {MIGRATION_STATUSES.map((stage, index) => {
          // The last stage is "done" once reached; earlier stages are done once passed.
          const done = index < current || (stage === 'Completed' && index === current);
          const state = done ? 'done' : index === current ? 'current' : 'upcoming';
          const exit = progress?.stages.find((s) => s.status === stage)?.exit ?? [];
          const criteria = exit.map((c) => `${c.ok ? '✓' : '✗'} ${c.detail}`).join('\n');
          return (
            <li key={stage} className={`step step-${state}`} aria-current={index === current ? 'step' : undefined} title={criteria || undefined} data-testid={`step-${stage}`}>
              <button type="button" className="step-button" onClick={onOpen} disabled={!onOpen} aria-label={`${stage}${state === 'done' ? t('shell.stepDone') : state === 'current' ? t('shell.stepCurrent') : ''}. ${t('shell.stepOpenPlan')}`}>
                <span className="step-marker" aria-hidden="true">
                  {done ? <Check size={12} /> : index + 1}
                </span>
                <span className="step-label">{stage}</span>
                <span className="visually-hidden">{state === 'done' ? t('shell.stepDone') : state === 'current' ? t('shell.stepCurrent') : ''}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
