import type { RunInfo } from '../../../../shared/model/run';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBadge } from '../../components/StatusBadge';
import { formatCount, formatRate } from '../../format/numbers';
import { formatTimeLeft } from '../../format/time';
import { useTranslation } from '../../i18n';
import { useRunsStore } from '../../stores/StudioProvider';
import { stepView } from './step-progress';

const PHASE_LABELS = { read: 'reading', transform: 'transforming', stage: 'staging', push: 'pushing', reconcile: 'reconciling' } as const;

const COUNTER_COLUMNS = ['read', 'created', 'updated', 'unchanged', 'rejected', 'skipped', 'failed'] as const;
type CounterColumn = (typeof COUNTER_COLUMNS)[number];

/**
 * One row per entity: status, progress bar, the seven counters, rate and time left; and
 * `deleted` after `updated` when any step carries it (a rollback or a sync that deletes), so
 * runs that never delete keep their twelve columns.
 */
export function StepTable({ run }: { run: RunInfo }) {
  const { t } = useTranslation();
  const progress = useRunsStore((s) => s.progress[run.runId]);
  if (run.steps.length === 0) return <p className="muted">The run has not planned its steps yet.</p>;
  const views = run.steps.map((step) => stepView(step, progress?.[step.entity]));
  const showDeleted = views.some((view) => view.counters.deleted !== undefined);
  const columns: readonly (CounterColumn | 'deleted')[] = showDeleted ? [...COUNTER_COLUMNS.slice(0, 3), 'deleted', ...COUNTER_COLUMNS.slice(3)] : COUNTER_COLUMNS;
  return (
    <div className="table-scroll">
      <table className="data-table step-table" aria-label="Steps" data-testid="run-steps">
        <thead>
          <tr>
            <th scope="col">Entity</th>
            <th scope="col">Status</th>
            <th scope="col" className="progress-col">
              Progress
            </th>
            {columns.map((name) => (
              <th key={name} scope="col" className="num">
                {name === 'deleted' ? t('runs.steps.deleted') : name[0].toUpperCase() + name.slice(1)}
              </th>
            ))}
            <th scope="col" className="num">
              Rate
            </th>
            <th scope="col">Time left</th>
          </tr>
        </thead>
        <tbody>
          {views.map((view) => {
            const step = view.step;
            const live = view.rate !== null;
            return (
              <tr key={step.entity} data-testid={`step-${step.entity}`}>
                <th scope="row" className="mono">
                  {step.entity}
                </th>
                <td>
                  <StatusBadge status={step.status} />
                </td>
                <td className="progress-col">
                  <div className="progress-cell">
                    <ProgressBar percent={view.percent ?? (step.status === 'Processing' ? null : 0)} fill={view.settledPercent} buffer={view.readPercent} label={`${step.entity} progress`} />
                    <span className="num progress-percent" data-testid={`step-percent-${step.entity}`}>
                      {view.percent === null ? '—' : `${view.percent}%`}
                    </span>
                  </div>
                  {view.phase && <span className="muted progress-phase">{PHASE_LABELS[view.phase]}</span>}
                  {view.estimate !== null && (
                    <span className="muted progress-phase">
                      {' '}
                      of {formatCount(view.estimate)}
                    </span>
                  )}
                </td>
                {columns.map((name) => (
                  <td key={name} className={`num${name === 'rejected' && view.counters.rejected > 0 ? ' text-warning' : ''}${name === 'failed' && view.counters.failed > 0 ? ' text-danger' : ''}`} data-testid={name === 'deleted' ? `step-deleted-${step.entity}` : undefined}>
                    {formatCount(view.counters[name] ?? 0)}
                  </td>
                ))}
                <td className="num" data-testid={`step-rate-${step.entity}`}>
                  {live ? formatRate(view.rate!) : '—'}
                </td>
                <td data-testid={`step-eta-${step.entity}`}>{live ? formatTimeLeft(view.etaSeconds) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
