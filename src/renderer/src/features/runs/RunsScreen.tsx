import './runs.css';
import { FlaskConical, Play } from 'lucide-react';
import { isFinished } from '../../../../shared/model/counters';
import { NeedsProject } from '../../components/NeedsProject';
import { Spinner } from '../../components/Spinner';
import { useRunsStore } from '../../stores/StudioProvider';
import { RunDetail } from './RunDetail';
import { RunList } from './RunList';
import { RunPlan } from './RunPlan';

export function RunsScreen() {
  return (
    <div className="screen">
      <NeedsProject what="Runs">
        <RunsBody />
      </NeedsProject>
    </div>
  );
}

function RunsBody() {
  const start = useRunsStore((s) => s.start);
  const starting = useRunsStore((s) => s.starting);
  const selectedRunId = useRunsStore((s) => s.selectedRunId);
  const activeRun = useRunsStore((s) => s.runs.some((r) => !isFinished(r.status)));
  const busyReason = activeRun ? 'A run is in progress. Wait for it to finish, or cancel it, before starting another.' : undefined;
  return (
    <>
      <header className="screen-header">
        <div>
          <h1>Runs</h1>
          <p className="screen-subtitle">Read the sources, transform and validate, push to Academia Pro, then prove every row arrived.</p>
        </div>
        <div className="screen-actions">
          <button
            type="button"
            className="btn"
            data-testid="dry-run"
            onClick={() => void start({ dryRun: true })}
            disabled={starting !== null || activeRun}
            aria-busy={starting === 'dry-run'}
            title={busyReason ?? 'Transform, validate and stage, then say what a push would do, without pushing.'}
          >
            {starting === 'dry-run' ? <Spinner /> : <FlaskConical aria-hidden="true" size={16} />}
            Dry run
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="start-run"
            onClick={() => void start()}
            disabled={starting !== null || activeRun}
            aria-busy={starting === 'run'}
            title={busyReason}
          >
            {starting === 'run' ? <Spinner /> : <Play aria-hidden="true" size={16} />}
            Start run
          </button>
        </div>
      </header>
      <RunPlan />
      <div className="runs-layout">
        <RunList />
        {selectedRunId ? <RunDetail runId={selectedRunId} /> : null}
      </div>
    </>
  );
}
