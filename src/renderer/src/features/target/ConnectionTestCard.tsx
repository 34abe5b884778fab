import { CircleCheck, CircleDashed, CircleX, PlugZap, TriangleAlert } from 'lucide-react';
import type { TargetCheck } from '../../../../shared/model/target';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/numbers';
import { latestCheck } from '../../stores/target-store';
import { useTargetStore } from '../../stores/StudioProvider';
import { checkStages, type StageState } from './check-stages';

const STAGE_ICONS: Record<StageState, typeof CircleCheck> = { ok: CircleCheck, warning: TriangleAlert, failed: CircleX, skipped: CircleDashed };
const STAGE_WORDS: Record<StageState, string> = { ok: 'OK', warning: 'Warning', failed: 'Failed', skipped: 'Not tried' };

/** "Test connection" and what the latest test found, stage by stage. */
export function ConnectionTestCard() {
  const test = useTargetStore((s) => s.test);
  const task = useTargetStore((s) => s.task);
  const check = useTargetStore(latestCheck);
  const testing = task === 'test';
  return (
    <section className="card" aria-labelledby="target-test-title" data-testid="target-test-card">
      <div className="card-header">
        <h2 id="target-test-title" className="card-title">
          Connection
        </h2>
        <button type="button" className="btn btn-primary" data-testid="target-test" onClick={() => void test()} disabled={task !== null} aria-busy={testing}>
          {testing ? <Spinner /> : <PlugZap aria-hidden="true" size={16} />}
          Test connection
        </button>
      </div>
      <div aria-live="polite">
        {testing ? (
          <p className="muted">
            <Spinner size={14} /> Checking health, API info and credentials…
          </p>
        ) : check ? (
          <CheckResult check={check} />
        ) : (
          <p className="muted">Not tested yet. A test asks the service for its health, its API info and limits, and whether it accepts the credentials.</p>
        )}
      </div>
    </section>
  );
}

function CheckResult({ check }: { check: TargetCheck }) {
  return (
    <div className="stack stack-tight" data-testid="target-check-result">
      <p className="check-summary">
        <span className={check.ok ? 'status-ok' : 'status-bad'} data-testid="target-check-outcome">
          {check.ok ? <CircleCheck aria-hidden="true" size={16} /> : <CircleX aria-hidden="true" size={16} />}
          {check.ok ? 'Connected' : 'Failed'}
        </span>
        <span className="muted">
          {' '}
          · <RelativeTime iso={check.at} /> · {check.trigger === 'run' ? 'before a run' : check.trigger === 'schedule' ? 'scheduled check' : 'by you'}
        </span>
      </p>
      <ol className="check-stages">
        {checkStages(check).map((stage) => {
          const Icon = STAGE_ICONS[stage.state];
          return (
            <li key={stage.id} className={`check-stage stage-${stage.state}`} data-testid={`stage-${stage.id}`}>
              <Icon aria-hidden="true" size={16} className="check-stage-icon" />
              <span className="check-stage-label">{stage.label}</span>
              <span className="check-stage-state">{STAGE_WORDS[stage.state]}</span>
              <span className="check-stage-latency num">{stage.latencyMs !== null ? `${formatCount(stage.latencyMs)} ms` : ''}</span>
              <span className="check-stage-detail" dir="auto">
                {stage.detail}
              </span>
            </li>
          );
        })}
      </ol>
      {check.error && (
        <div className="error-box" role="alert" data-testid="target-check-error">
          <CircleX aria-hidden="true" size={16} />
          <div>
            <p dir="auto">{check.error.message}</p>
            <p dir="auto">{check.error.hint}</p>
            <p className="mono muted">{check.error.code}</p>
          </div>
        </div>
      )}
    </div>
  );
}
