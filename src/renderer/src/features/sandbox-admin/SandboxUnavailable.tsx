import { KeyRound, RefreshCw, ServerOff } from 'lucide-react';
import type { SandboxAdminOverview } from '../../../../shared/model/target';
import { EmptyState } from '../../components/EmptyState';
import { SecretField } from '../../components/SecretField';
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
  return (
    <SecretField
      className="card form admin-token-form"
      ariaLabel="Sandbox admin token"
      heading={
        <h3 className="card-title">
          <KeyRound aria-hidden="true" size={16} /> Administer a standalone sandbox
        </h3>
      }
      label="Admin token"
      help={
        <>
          <code>academia-studio sandbox</code> prints it when it starts. Kept in the project's encrypted vault and never shown again.
        </>
      }
      submitLabel="Save token"
      busy={saving}
      saving={saving}
      onSubmit={setAdminToken}
    />
  );
}
