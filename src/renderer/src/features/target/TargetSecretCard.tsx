import { KeyRound, LockKeyhole, Trash2 } from 'lucide-react';
import { useId, useState } from 'react';
import type { TargetProfile } from '../../../../shared/model/settings';
import { SecretField } from '../../components/SecretField';
import { Spinner } from '../../components/Spinner';
import { useTargetStore } from '../../stores/StudioProvider';
import { SECRET_LABELS } from './target-form-model';

/**
 * The target's secret (client secret, API key or JWT signing secret). The window only ever
 * learns whether one is set: the box is never prefilled, its text lives only in the input
 * (never in React state or a store), and it is wiped as soon as the engine has it.
 */
export function TargetSecretCard({ profile }: { profile: TargetProfile }) {
  const setSecret = useTargetStore((s) => s.setSecret);
  const forgetSecret = useTargetStore((s) => s.forgetSecret);
  const task = useTargetStore((s) => s.task);
  const [confirmingForget, setConfirmingForget] = useState(false);
  const ids = { title: useId() };
  const label = SECRET_LABELS[profile.auth];
  const busy = task === 'secret' || task === 'forget';

  if (profile.kind === 'embedded-sandbox') {
    return (
      <section className="card" aria-labelledby={ids.title} data-testid="target-secret">
        <h2 id={ids.title} className="card-title">
          Credentials
        </h2>
        <p className="muted">
          <LockKeyhole aria-hidden="true" size={14} /> Nothing to enter: the built-in sandbox makes its own client credentials each time it starts.
        </p>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby={ids.title} data-testid="target-secret">
      <h2 id={ids.title} className="card-title">
        Credentials
      </h2>
      <p data-testid="target-secret-status">
        {profile.hasSecret ? (
          <span className="status-ok">
            <LockKeyhole aria-hidden="true" size={14} /> {label}: set (kept in the encrypted vault)
          </span>
        ) : (
          <span className="muted">
            <KeyRound aria-hidden="true" size={14} /> {label}: not set
          </span>
        )}
      </p>
      <SecretField
        ariaLabel={`${label} of the target`}
        label={profile.hasSecret ? `Replace the ${label.toLowerCase()}` : label}
        help="Kept in the project's encrypted vault and never shown again. A copy of the project handed to someone else leaves it out."
        submitLabel={profile.hasSecret ? 'Replace' : 'Save'}
        busy={busy}
        saving={task === 'secret'}
        onSubmit={setSecret}
      />
      {profile.hasSecret &&
        (confirmingForget ? (
          <div className="confirm-inline" role="group" aria-label={`Confirm forgetting the ${label.toLowerCase()}`}>
            <span>Forget it? Tests and runs will be refused (401) until a new one is entered.</span>
            <button
              type="button"
              className="btn btn-small btn-danger"
              disabled={busy}
              onClick={async () => {
                if (await forgetSecret()) setConfirmingForget(false);
              }}
            >
              {task === 'forget' && <Spinner size={14} />} Forget
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirmingForget(false)}>
              Keep
            </button>
          </div>
        ) : (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirmingForget(true)} disabled={busy}>
            <Trash2 aria-hidden="true" size={14} /> Forget the {label.toLowerCase()}
          </button>
        ))}
    </section>
  );
}
