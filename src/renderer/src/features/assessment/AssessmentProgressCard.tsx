import { t as translate } from '../../i18n';
import { Square } from 'lucide-react';
import type { AssessmentProgress, AssessmentSummary } from '../../../../shared/model/assessment';
import { ProgressBar } from '../../components/ProgressBar';
import { Spinner } from '../../components/Spinner';
import { useNow } from '../../components/use-now';
import { formatCount, percentDone } from '../../format/numbers';
import { formatDuration } from '../../format/time';
import { useAssessmentStore } from '../../stores/StudioProvider';

/**
 * The share of the whole assessment done: finished tables plus the part of the current one. The
 * engine counts a table as done once all its rows are read, so that table's rows are not added twice.
 */
export function overallPercent(p: AssessmentProgress): number | null {
  if (p.tablesTotal <= 0) return null;
  const currentFinished = p.rowsTotal !== null && p.rowsDone >= p.rowsTotal;
  const current = currentFinished || p.rowsTotal === null || p.rowsTotal === 0 ? 0 : p.rowsDone / p.rowsTotal;
  return Math.min(100, Math.floor(((p.tablesDone + current) / p.tablesTotal) * 100));
}

/** A running assessment: which table, rows and tables done, bars, and Cancel. */
export function AssessmentProgressCard({ summary }: { summary: AssessmentSummary }) {
  const progress = useAssessmentStore((s) => s.progress[summary.assessmentId]);
  const cancel = useAssessmentStore((s) => s.cancel);
  const cancelling = useAssessmentStore((s) => s.cancelling[summary.assessmentId] === true);
  const now = useNow(1000);
  const elapsed = Math.max(0, now - new Date(summary.startedAt).getTime());

  return (
    <section className="card assessment-progress" aria-labelledby="assessment-progress-title" data-testid="assessment-progress">
      <div className="card-header">
        <h2 id="assessment-progress-title" className="card-title">
          <Spinner /> Assessing {summary.connectionName}
        </h2>
        <button type="button" className="btn btn-danger" onClick={() => void cancel(summary.assessmentId)} disabled={cancelling} data-testid="cancel-assessment">
          {cancelling ? <Spinner /> : <Square aria-hidden="true" size={14} />}
          Cancel
        </button>
      </div>
      {progress ? (
        <div className="stack stack-tight">
          <div className="progress-line">
            <span className="progress-line-label">All tables</span>
            <ProgressBar percent={overallPercent(progress)} label="Assessment progress" />
            <span className="num" data-testid="assessment-tables">
              {translate('count.tablesOf', { count: progress.tablesTotal, formatted: formatCount(progress.tablesDone), total: formatCount(progress.tablesTotal) })}
            </span>
          </div>
          <div className="progress-line">
            <span className="progress-line-label mono" dir="auto" title={progress.table}>
              {progress.table}
            </span>
            <ProgressBar percent={percentDone(progress.rowsDone, progress.rowsTotal)} label={`Rows of ${progress.table}`} />
            <span className="num" data-testid="assessment-rows">
              {formatCount(progress.rowsDone)}
              {progress.rowsTotal !== null ? ` of ${formatCount(progress.rowsTotal)}` : ''} rows
            </span>
          </div>
        </div>
      ) : (
        <ProgressBar percent={null} label="Assessment progress" />
      )}
      <p className="muted">
        Running for {formatDuration(elapsed)}. Every row is read once and nothing in the source is changed; the engine carries on if this window is
        closed.
      </p>
    </section>
  );
}
