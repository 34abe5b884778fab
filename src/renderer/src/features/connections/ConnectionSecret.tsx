import { KeyRound, LockKeyhole, TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import type { ConnectionInfo } from '../../../../shared/model/connection';
import { SecretField } from '../../components/SecretField';
import { useConnectionsStore } from '../../stores/StudioProvider';
import { isServerKind } from './kind-labels';

/**
 * Where a connection's password stands, and a way to enter or replace it. The password itself
 * is never shown: the engine only says whether the vault holds one it can open.
 */
export function ConnectionSecret({ connection }: { connection: ConnectionInfo }) {
  const [editing, setEditing] = useState(false);
  const busy = useConnectionsStore((s) => s.tasks[connection.id] !== undefined);
  const needsReentry = connection.secretStatus === 'needs-reentry';
  // A password sealed with someone else's key is useless here: ask for it straight away.
  const formOpen = editing || needsReentry;

  return (
    <div className="connection-secret" data-testid={`secret-${connection.id}`}>
      <SecretStatusLine connection={connection} />
      {formOpen ? (
        <SecretForm connection={connection} onDone={() => setEditing(false)} canCancel={!needsReentry} />
      ) : (
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={() => setEditing(true)}
          disabled={busy}
          aria-label={`${connection.secretStatus === 'set' ? 'Replace' : 'Enter'} the password of ${connection.name}`}
        >
          <KeyRound aria-hidden="true" size={14} />
          {connection.secretStatus === 'set' ? 'Replace password' : 'Enter password'}
        </button>
      )}
    </div>
  );
}

function SecretStatusLine({ connection }: { connection: ConnectionInfo }) {
  switch (connection.secretStatus) {
    case 'set':
      return (
        <span className="status-ok secret-status">
          <LockKeyhole aria-hidden="true" size={14} /> Password: set (kept in the encrypted vault)
        </span>
      );
    case 'needs-reentry':
      return (
        <p className="warning-line" role="note">
          <TriangleAlert aria-hidden="true" size={14} />
          Password needs to be entered again — this project was copied from another computer or user
        </p>
      );
    case 'missing':
      return (
        <span className="muted secret-status">
          <KeyRound aria-hidden="true" size={14} /> No password
          {isServerKind(connection.kind) && <span className="secret-hint"> · enter one if the server asks for it</span>}
        </span>
      );
  }
}

/** The password box (see SecretField: the typed text never leaves the input, and is wiped on submit). */
function SecretForm({ connection, onDone, canCancel }: { connection: ConnectionInfo; onDone(): void; canCancel: boolean }) {
  const setSecret = useConnectionsStore((s) => s.setSecret);
  const saving = useConnectionsStore((s) => s.tasks[connection.id] === 'secret');
  const busy = useConnectionsStore((s) => s.tasks[connection.id] !== undefined);
  return (
    <SecretField
      ariaLabel={`Password of ${connection.name}`}
      label={
        <>
          {connection.secretStatus === 'set' ? 'New password' : 'Password'}
          <span className="visually-hidden"> for {connection.name}</span>
        </>
      }
      help="Kept in the project's encrypted vault and never shown again."
      submitLabel="Save password"
      busy={busy}
      saving={saving}
      small
      // The form opens on a click (or for a password to enter again): the box is what comes next.
      autoFocus={canCancel}
      extraButtons={
        canCancel && (
          <button type="button" className="btn btn-small btn-ghost" onClick={onDone} disabled={saving}>
            Cancel
          </button>
        )
      }
      onSubmit={async (secret) => {
        if (await setSecret(connection.id, secret)) onDone();
      }}
    />
  );
}
