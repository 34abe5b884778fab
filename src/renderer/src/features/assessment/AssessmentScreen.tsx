import './assessment.css';
import { ClipboardCheck, Gauge } from 'lucide-react';
import { useId, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { NeedsProject } from '../../components/NeedsProject';
import { Spinner } from '../../components/Spinner';
import { useAssessmentStore, useConnectionsStore, useNavigationStore } from '../../stores/StudioProvider';
import { AssessmentHistory } from './AssessmentHistory';
import { AssessmentOutcome } from './AssessmentOutcome';

export function AssessmentScreen() {
  return (
    <div className="screen">
      <NeedsProject what="Assessments">
        <AssessmentBody />
      </NeedsProject>
    </div>
  );
}

function AssessmentBody() {
  const selectedId = useAssessmentStore((s) => s.selectedId);
  const loaded = useAssessmentStore((s) => s.loaded);
  const hasAny = useAssessmentStore((s) => s.summaries.length > 0);
  return (
    <>
      <header className="screen-header">
        <div>
          <h1>Assessment</h1>
          <p className="screen-subtitle">How ready the source data is: problems found, people registered twice, and what the migration will take.</p>
        </div>
        <AssessStart />
      </header>
      {!loaded ? (
        <div className="panel-loading">
          <Spinner /> Loading assessments…
        </div>
      ) : !hasAny && selectedId === null ? (
        <section className="card">
          <EmptyState icon={<Gauge size={32} />} title="No assessment yet">
            <p>
              Choose a source and press <strong>Assess</strong>. The studio reads every row once (nothing is changed), scores how ready the data is,
              and lists each problem with example rows and a suggested fix.
            </p>
          </EmptyState>
        </section>
      ) : (
        <div className="assessment-layout">
          <AssessmentHistory />
          {selectedId ? <AssessmentOutcome assessmentId={selectedId} /> : <div className="card muted">Choose an assessment to see its result.</div>}
        </div>
      )}
    </>
  );
}

/** Chooses the source and starts an assessment (one at a time: the engine refuses a second). */
function AssessStart() {
  const connections = useConnectionsStore((s) => s.connections);
  const start = useAssessmentStore((s) => s.start);
  const starting = useAssessmentStore((s) => s.starting);
  const running = useAssessmentStore((s) => s.summaries.some((a) => a.status === 'Processing'));
  const go = useNavigationStore((s) => s.go);
  const [chosen, setChosen] = useState('');
  const selectId = useId();

  if (connections.length === 0) {
    return (
      <div className="screen-actions">
        <button type="button" className="btn" onClick={() => go('sources')}>
          Add a source first
        </button>
      </div>
    );
  }
  const connectionId = connections.some((c) => c.id === chosen) ? chosen : connections[0].id;
  const reason = running ? 'An assessment is running. Wait for it to finish, or cancel it, before starting another.' : undefined;
  return (
    <div className="screen-actions assess-start">
      <label htmlFor={selectId} className="assess-start-label">
        Source
      </label>
      <select id={selectId} className="input" value={connectionId} onChange={(e) => setChosen(e.target.value)} data-testid="assess-connection">
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn-primary"
        data-testid="start-assessment"
        onClick={() => void start(connectionId)}
        disabled={starting || running}
        aria-busy={starting}
        title={reason ?? 'Reads every row of the source once; nothing in the source is changed.'}
      >
        {starting ? <Spinner /> : <ClipboardCheck aria-hidden="true" size={16} />}
        Assess
      </button>
    </div>
  );
}
