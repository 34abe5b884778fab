import { KeyRound, RefreshCw, ServerOff } from 'lucide-react';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { SandboxAdminOverview } from '../../../../shared/model/target';
import { EmptyState } from '../../components/EmptyState';
import { Spinner } from '../../components/Spinner';
import { useSandboxAdminStore, useTargetStore } from '../../stores/StudioProvider';

/**
 * Why there is no admin page (the target is the live service, or a standalone sandbox whose
 * admin token the studio does not have), with the token box for a remote sandbox.
 */
export function SandboxUnavailable({ overview }: { overview: SandboxAdminOverview }) {
  const remote = useTargetStore((s) => s.profile?.kind === 'remote');
  const load = useSandboxAdminStore((s) => s.load);
  const loading = useSandboxAdminStore((s) => s.loading);
  return (
    <div className="stack" data-testid="sandbox-unavailable">
      <EmptyState icon={<ServerOff size={28} />} title="No sandbox admin here">
        <p dir="auto" data-testid="sandbox-unavailable-reason">
          {overview.reason ?? 'The target is not a sandbox the studio can administer.'}
        </p>
        <button type="button" className="btn" onClick={() => void load()} disabled={loading}>
          {loading ? <Spinner /> : <RefreshCw aria-hidden="true" size={16} />} Check again
        </button>
      </EmptyState>
      {remote && <AdminTokenForm />}
    </div>
  );
}

/** The admin token a standalone `academia-studio sandbox` prints when it starts; kept in the vault, never shown back. */
function AdminTokenForm() {
  const setAdminToken = useSandboxAdminStore((s) => s.setAdminToken);
  const saving = useSandboxAdminStore((s) => s.busy.token === true);
  const inputRef = useRef<HTMLInputElement>(null);
  const [hasText, setHasText] = useState(false);
  const ids = { input: useId(), help: useId() };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const input = inputRef.current;
    if (!input || input.value === '' || saving) return;
    const token = input.value;
    input.value = '';
    setHasText(false);
    await setAdminToken(token);
  };

  return (
    <form className="card form admin-token-form" onSubmit={onSubmit} aria-label="Sandbox admin token">
      <h3 className="card-title">
        <KeyRound aria-hidden="true" size={16} /> Administer a standalone sandbox
      </h3>
      <label htmlFor={ids.input}>Admin token</label>
      <div className="inline-field">
        <input ref={inputRef} id={ids.input} className="input mono" type="password" autoComplete="off" spellCheck={false} dir="ltr" aria-describedby={ids.help} onChange={(e) => setHasText(e.currentTarget.value !== '')} />
        <button type="submit" className="btn btn-primary" disabled={!hasText || saving} aria-busy={saving}>
          {saving && <Spinner />} Save token
        </button>
      </div>
      <p id={ids.help} className="field-help">
        <code>academia-studio sandbox</code> prints it when it starts. Kept in the project's encrypted vault and never shown again.
      </p>
    </form>
  );
}
