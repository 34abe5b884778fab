import { Ban, CircleX } from 'lucide-react';
import { Spinner } from '../../components/Spinner';
import { useAssessmentStore } from '../../stores/StudioProvider';
import { AssessmentProgressCard } from './AssessmentProgressCard';
import { AssessmentResultView } from './AssessmentResultView';

/** The selected assessment as far as it has got: live progress, the failure, or the result. */
export function AssessmentOutcome({ assessmentId }: { assessmentId: string }) {
  const summary = useAssessmentStore((s) => s.summaries.find((a) => a.assessmentId === assessmentId));
  const detail = useAssessmentStore((s) => s.details[assessmentId]);

  if (!summary) {
    // Just started: the engine's first update has not arrived yet.
    return (
      <section className="card panel-loading">
        <Spinner /> Starting the assessment…
      </section>
    );
  }
  if (summary.status === 'Processing') return <AssessmentProgressCard summary={summary} />;
  if (summary.status === 'Failed') {
    return (
      <section className="card" data-testid="assessment-failed">
        <h2 className="card-title">Assessment of {summary.connectionName} failed</h2>
        <div className="error-box" role="alert">
          <CircleX aria-hidden="true" size={18} />
          <div>
            <p dir="auto">{summary.error?.message ?? 'The assessment stopped with an error.'}</p>
            {summary.error?.hint && (
              <p dir="auto">
                <strong>What to do: </strong>
                {summary.error.hint}
              </p>
            )}
          </div>
        </div>
      </section>
    );
  }
  if (summary.status === 'Cancelled' || summary.status === 'Interrupted') {
    return (
      <section className="card">
        <h2 className="card-title">
          <Ban aria-hidden="true" size={16} /> Assessment of {summary.connectionName} {summary.status === 'Cancelled' ? 'was cancelled' : 'was interrupted'}
        </h2>
        <p className="muted">It has no result. Press Assess to run it again; nothing in the source was changed.</p>
      </section>
    );
  }
  if (!detail) {
    return (
      <section className="card panel-loading">
        <Spinner /> Loading the result…
      </section>
    );
  }
  return <AssessmentResultView summary={summary} detail={detail} />;
}
