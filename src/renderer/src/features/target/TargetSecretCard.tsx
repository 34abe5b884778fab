import { KeyRound, LockKeyhole, Trash2 } from 'lucide-react';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { TargetProfile } from '../../../../shared/model/settings';
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
  const inputRef = useRef<HTMLInputElement>(null);
  const [hasText, setHasText] = useState(false);
  const [confirmingForget, setConfirmingForget] = useState(false);
  const ids = { title: useId(), input: useId(), help: useId() };
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

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const input = inputRef.current;
    if (!input || input.value === '' || busy) return;
    const secret = input.value;
    // Wiped before the answer comes back: a failure must not leave the secret sitting in the box.
    input.value = '';
    setHasText(false);
    await setSecret(secret);
  };

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
      <form className="secret-form" onSubmit={onSubmit} aria-label={`${label} of the target`}>
        <label htmlFor={ids.input} className="field-label">
          {profile.hasSecret ? `Replace the ${label.toLowerCase()}` : label}
        </label>
        <div className="inline-field">
          <input
            ref={inputRef}
            id={ids.input}
            className="input mono"
            type="password"
            autoComplete="off"
            spellCheck={false}
            dir="ltr"
            aria-describedby={ids.help}
            onChange={(e) => setHasText(e.currentTarget.value !== '')}
          />
          <button type="submit" className="btn btn-primary" disabled={!hasText || busy} aria-busy={task === 'secret'}>
            {task === 'secret' && <Spinner />}
            {profile.hasSecret ? 'Replace' : 'Save'}
          </button>
        </div>
        <p id={ids.help} className="field-help">
          Kept in the project's encrypted vault and never shown again. A copy of the project handed to someone else leaves it out.
        </p>
      </form>
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
