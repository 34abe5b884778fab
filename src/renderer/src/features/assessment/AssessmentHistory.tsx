import type { AssessmentSummary } from '../../../../shared/model/assessment';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';
import { formatCount } from '../../format/numbers';
import { useAssessmentStore } from '../../stores/StudioProvider';
import { readinessBand } from './readiness-band';

/** "2 errors · 4 warnings · 1 info", leaving out the severities with none. */
export function findingCountsText(findings: AssessmentSummary['findings']): string {
  const parts = [
    findings.error > 0 ? `${formatCount(findings.error)} ${findings.error === 1 ? 'error' : 'errors'}` : null,
    findings.warning > 0 ? `${formatCount(findings.warning)} ${findings.warning === 1 ? 'warning' : 'warnings'}` : null,
    findings.info > 0 ? `${formatCount(findings.info)} info` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'no findings';
}

/** Past and running assessments of the project, newest first. */
export function AssessmentHistory() {
  const summaries = useAssessmentStore((s) => s.summaries);
  const selectedId = useAssessmentStore((s) => s.selectedId);
  const select = useAssessmentStore((s) => s.select);
  return (
    <section className="card assessment-history" aria-labelledby="assessment-history-title">
      <h2 id="assessment-history-title" className="card-title">
        Assessments <span className="count-pill">{formatCount(summaries.length)}</span>
      </h2>
      <ul className="assessment-history-list">
        {summaries.map((a) => (
          <li key={a.assessmentId}>
            <button
              type="button"
              className="assessment-history-item"
              aria-current={a.assessmentId === selectedId ? 'true' : undefined}
              data-testid={`assessment-row-${a.assessmentId}`}
              onClick={() => void select(a.assessmentId)}
            >
              <span className="assessment-history-top">
                <span className="assessment-history-name" dir="auto" title={a.connectionName}>
                  {a.connectionName}
                </span>
                {a.score !== null ? (
                  <span className={`score-pill band-${readinessBand(a.score)}`} title="Readiness score (100 = ready)">
                    {formatCount(a.score)}
                  </span>
                ) : (
                  <StatusBadge status={a.status} />
                )}
              </span>
              <span className="assessment-history-meta muted">
                <RelativeTime iso={a.startedAt} />
                {a.status === 'Completed' ? ` · ${findingCountsText(a.findings)}` : ''}
                {a.status !== 'Completed' && a.score !== null ? ` · ${a.status}` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
