import { ArrowRight, CircleCheck, CircleDashed } from 'lucide-react';
import { Spinner } from '../../components/Spinner';
import { useNavigationStore, useTargetStore } from '../../stores/StudioProvider';
import { AUTH_LABELS, SECRET_LABELS } from '../target/target-form-model';

/**
 * Where pushes go, at a glance. The profile is edited in one place, the Target screen; secrets
 * are never sent to the window, only whether one is set.
 */
export function TargetProfileCard() {
  const target = useTargetStore((s) => s.profile);
  const go = useNavigationStore((s) => s.go);
  return (
    <section className="card" aria-labelledby="target-title" data-testid="target-profile">
      <div className="card-header">
        <h2 id="target-title" className="card-title">
          Target: Academia Pro
        </h2>
        <button type="button" className="btn btn-small" onClick={() => go('target')} data-testid="edit-target">
          Edit on the Target screen <ArrowRight aria-hidden="true" size={14} />
        </button>
      </div>
      {!target ? (
        <div className="panel-loading">
          <Spinner /> Loading the target profile…
        </div>
      ) : (
        <dl className="definition-list">
          <dt>Profile</dt>
          <dd dir="auto">{target.name}</dd>
          <dt>Kind</dt>
          <dd>{target.kind === 'embedded-sandbox' ? 'Built-in sandbox (rehearsal, started on demand)' : 'Remote Academia Pro service'}</dd>
          <dt>Base URL</dt>
          <dd className="mono">{target.baseUrl ?? (target.kind === 'embedded-sandbox' ? 'chosen when the sandbox starts' : 'not set')}</dd>
          <dt>API version</dt>
          <dd>{target.apiVersion}</dd>
          <dt>Authentication</dt>
          <dd>{AUTH_LABELS[target.auth] ?? target.auth}</dd>
          <dt>{SECRET_LABELS[target.auth] ?? 'Secret'}</dt>
          <dd>
            {target.kind === 'embedded-sandbox' ? (
              <span className="muted">Made by the sandbox when it starts</span>
            ) : target.hasSecret ? (
              <span className="status-ok">
                <CircleCheck aria-hidden="true" size={14} /> Set (kept in the vault)
              </span>
            ) : (
              <span className="muted">
                <CircleDashed aria-hidden="true" size={14} /> Not set
              </span>
            )}
          </dd>
          <dt>School id</dt>
          <dd className="mono">{target.schoolId}</dd>
        </dl>
      )}
    </section>
  );
}
