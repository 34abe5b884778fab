import { Ban } from 'lucide-react';
import { useState } from 'react';
import type { SandboxApiClient } from '../../../../shared/model/target';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { formatDateTime } from '../../format/time';
import { useSandboxAdminStore } from '../../stores/StudioProvider';
import { ScopeList } from './ScopeList';

/** The API clients: who may call, with which scopes, which tokens are live; revoke one (with a confirm). */
export function ClientsSection({ clients }: { clients: SandboxApiClient[] }) {
  if (clients.length === 0) return <p className="muted">The sandbox has no API clients.</p>;
  return (
    <div className="table-scroll admin-scroll">
      <table className="data-table" data-testid="admin-clients">
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Status</th>
            <th scope="col">Scopes</th>
            <th scope="col">API key</th>
            <th scope="col">Active tokens</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {clients.map((c) => (
            <ClientRow key={c.clientId} client={c} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ClientRow({ client: c }: { client: SandboxApiClient }) {
  const revokeClient = useSandboxAdminStore((s) => s.revokeClient);
  const busy = useSandboxAdminStore((s) => s.busy[`client:${c.clientId}`] === true);
  const [confirming, setConfirming] = useState(false);
  const revoked = c.status === 'revoked';
  const tokens = c.activeTokens.length;
  return (
    <tr data-testid={`client-${c.clientId}`} className={revoked ? 'is-revoked' : undefined}>
      <th scope="row">
        <span className="mono">{c.clientId}</span>
        {c.name && (
          <div className="muted" dir="auto">
            {c.name}
          </div>
        )}
      </th>
      <td>{revoked ? <span className="tag tag-danger">Revoked {c.revokedAt ? formatDateTime(c.revokedAt) : ''}</span> : <span className="tag tag-ok">Active</span>}</td>
      <td>{c.allScopes ? <span className="tag tag-info">All scopes</span> : c.scopes.length === 0 ? <span className="muted">none</span> : <ScopeList scopes={c.scopes} />}</td>
      <td className="mono">{c.apiKeyHint}</td>
      <td>
        {tokens === 0 ? (
          <span className="muted">none</span>
        ) : (
          <details>
            <summary>
              {tokens} {tokens === 1 ? 'token' : 'tokens'}
            </summary>
            <ul className="token-list">
              {c.activeTokens.map((t) => (
                <li key={t.tokenHint + t.issuedAt}>
                  <code>{t.tokenHint}</code> · {t.scopes.length} scopes · expires <RelativeTime iso={t.expiresAt} />
                </li>
              ))}
            </ul>
          </details>
        )}
      </td>
      <td>
        <RelativeTime iso={c.createdAt} />
      </td>
      <td>
        {!revoked &&
          (confirming ? (
            <div className="confirm-inline" role="group" aria-label={`Confirm revoking ${c.clientId}`}>
              <span>
                Revoke {c.clientId}? {tokens > 0 ? `Its ${tokens} active ${tokens === 1 ? 'token stops' : 'tokens stop'} working at once; ` : ''}a run signing in as this client is refused (401). This cannot be undone.
              </span>
              <button type="button" className="btn btn-small btn-danger" onClick={() => void revokeClient(c.clientId)} disabled={busy} aria-busy={busy}>
                {busy && <Spinner size={14} />} Revoke
              </button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirming(false)} disabled={busy}>
                Keep
              </button>
            </div>
          ) : (
            <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirming(true)} aria-label={`Revoke ${c.clientId}`}>
              <Ban aria-hidden="true" size={14} /> Revoke…
            </button>
          ))}
      </td>
    </tr>
  );
}
