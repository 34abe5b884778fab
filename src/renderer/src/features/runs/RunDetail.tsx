import { CircleX, Square } from 'lucide-react';
import { isFinished } from '../../../../shared/model/counters';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { StatusBadge } from '../../components/StatusBadge';
import { useNow } from '../../components/use-now';
import { useTranslation } from '../../i18n';
import { formatCount } from '../../format/numbers';
import { formatDateTime, formatDuration } from '../../format/time';
import { useRunsStore } from '../../stores/StudioProvider';
import { ReconciliationCertificate } from './ReconciliationCertificate';
import { ReconciliationTable } from './ReconciliationTable';
import { RollbackReport } from './RollbackReport';
import { RollbackRun } from './RollbackRun';
import { RunLog } from './RunLog';
import { RunRejects } from './RunRejects';
import { runDuration } from './RunList';
import { StepTable } from './StepTable';
import { TargetRequestsSummary } from './TargetRequestsSummary';
import { liveRunCounters } from './step-progress';

/** One run: status, steps with live progress, the reconciliation once finished, and its log. */
export function RunDetail({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const run = useRunsStore((s) => s.runs.find((r) => r.runId === runId));
  const cancel = useRunsStore((s) => s.cancel);
  const cancelling = useRunsStore((s) => s.cancelling[runId] === true);
  const progress = useRunsStore((s) => s.progress[runId]);
  const requestStats = useRunsStore((s) => s.requestStats[runId]);
  const running = run !== undefined && !isFinished(run.status);
  // One clock for "Started … ago" and "Running for": they must agree (once a second while running).
  const now = useNow(running ? 1000 : 30_000);

  if (!run) {
    return (
      <section className="card panel-loading">
        <Spinner /> Loading the run…
      </section>
    );
  }

  const duration = runDuration(run, now);
  const c = liveRunCounters(run, progress);

  return (
    <section className="card run-detail" aria-labelledby="run-detail-title" data-testid="run-detail">
      <div className="card-header">
        <div className="run-detail-title">
          <h2 id="run-detail-title" className="card-title">
            {run.dryRun ? 'Dry run' : `${run.operation} run`} <span className="mono muted">{run.runId}</span>
          </h2>
          <StatusBadge status={run.status} testId="run-status" />
        </div>
        {running && (
          <button type="button" className="btn btn-danger" onClick={() => void cancel(run.runId)} disabled={cancelling} data-testid="cancel-run">
            {cancelling ? <Spinner /> : <Square aria-hidden="true" size={14} />}
            Cancel run
          </button>
        )}
        <RollbackRun run={run} />
      </div>
      <dl className="facts">
        <div>
          <dt>Started</dt>
          <dd title={formatDateTime(run.startedAt)}>
            <RelativeTime iso={run.startedAt} now={now} />
          </dd>
        </div>
        <div>
          <dt>{run.endedAt ? 'Took' : 'Running for'}</dt>
          <dd>{duration === null ? '—' : formatDuration(duration)}</dd>
        </div>
        <div>
          <dt>Read</dt>
          <dd className="num">{formatCount(c.read)}</dd>
        </div>
        <div>
          <dt>{run.dryRun ? 'Would create' : 'Created'}</dt>
          <dd className="num">{formatCount(c.created)}</dd>
        </div>
        <div>
          <dt>{run.dryRun ? 'Would update' : 'Updated'}</dt>
          <dd className="num">{formatCount(c.updated)}</dd>
        </div>
        {c.deleted !== undefined && (
          <div>
            <dt>{t('runs.facts.deleted')}</dt>
            <dd className="num">{formatCount(c.deleted)}</dd>
          </div>
        )}
        <div>
          <dt>Unchanged</dt>
          <dd className="num">{formatCount(c.unchanged)}</dd>
        </div>
        <div>
          <dt>Rejected</dt>
          <dd className={`num${c.rejected > 0 ? ' text-warning' : ''}`}>{formatCount(c.rejected)}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd className="num">{formatCount(c.skipped)}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd className={`num${c.failed > 0 ? ' text-danger' : ''}`}>{formatCount(c.failed)}</dd>
        </div>
      </dl>
      {run.dryRun && <p className="note">A dry run writes nothing to Academia Pro: the counts say what a real run would do.</p>}
      {run.error && (
        <div className="error-box" role="alert">
          <CircleX aria-hidden="true" size={18} />
          <div>
            <p>
              <code>{run.error.code}</code> {run.error.message}
            </p>
            <p>
              <strong>What to do: </strong>
              {run.error.hint}
            </p>
          </div>
        </div>
      )}
      <StepTable run={run} />
      {run.operation === 'Rollback' && <RollbackReport run={run} />}
      {isFinished(run.status) && <ReconciliationTable lines={run.reconciliation} dryRun={run.dryRun} status={run.status} />}
      {isFinished(run.status) && <ReconciliationCertificate run={run} />}
      {isFinished(run.status) && <TargetRequestsSummary stats={requestStats} />}
      {isFinished(run.status) && <RunRejects run={run} />}
      <RunLog runId={run.runId} />
    </section>
  );
}
