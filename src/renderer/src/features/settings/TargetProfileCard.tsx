import { CircleCheck, CircleDashed } from 'lucide-react';
import { Spinner } from '../../components/Spinner';
import { useSettingsStore } from '../../stores/StudioProvider';

const AUTH_LABELS = { oauth2: 'OAuth 2 client credentials', 'api-key': 'API key', jwt: 'Signed JWT' } as const;

/** Where pushes go (read-only here). Secrets are never sent to the window, only whether one is set. */
export function TargetProfileCard() {
  const target = useSettingsStore((s) => s.target);
  return (
    <section className="card" aria-labelledby="target-title" data-testid="target-profile">
      <h2 id="target-title" className="card-title">
        Target: Academia Pro
      </h2>
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
          <dt>Client id</dt>
          <dd className="mono">{target.clientId ?? '—'}</dd>
          <dt>Secret</dt>
          <dd>
            {target.hasSecret ? (
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
