import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { SandboxThrottleException } from '../../../../shared/model/target';
import { Spinner } from '../../components/Spinner';
import { formatCount } from '../../format/numbers';
import { formatDateTime } from '../../format/time';
import { useSandboxAdminStore } from '../../stores/StudioProvider';

/** Temporary limits for one client, soonest first, the ones in force marked. */
export function ThrottleExceptions({ exceptions }: { exceptions: SandboxThrottleException[] }) {
  if (exceptions.length === 0) {
    return <p className="muted">No exceptions. Add one to give a client more room for a migration window (or less, to rehearse a slow service).</p>;
  }
  const ordered = [...exceptions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="admin-exceptions">
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col" className="num">
              Per minute
            </th>
            <th scope="col" className="num">
              Per hour
            </th>
            <th scope="col">Window</th>
            <th scope="col">Reason</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((e) => (
            <ExceptionRow key={e.id} exception={e} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ExceptionRow({ exception: e }: { exception: SandboxThrottleException }) {
  const remove = useSandboxAdminStore((s) => s.deleteThrottleException);
  const busy = useSandboxAdminStore((s) => s.busy[`exception:${e.id}`] === true);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid={`exception-${e.id}`}>
      <th scope="row" className="mono">
        {e.clientId}
      </th>
      <td className="num">{formatCount(e.perMinute)}</td>
      <td className="num">{formatCount(e.perHour)}</td>
      <td>
        {formatDateTime(e.startsAt)} → {formatDateTime(e.endsAt)} {e.active && <span className="tag tag-ok">In force</span>}
      </td>
      <td dir="auto">{e.reason ?? <span className="muted">—</span>}</td>
      <td>
        {confirming ? (
          <div className="confirm-inline" role="group" aria-label={`Confirm removing the exception for ${e.clientId}`}>
            <span>Remove it? {e.clientId} goes back to its rule's limits{e.active ? ' at once' : ''}.</span>
            <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(e.id)} disabled={busy} aria-busy={busy}>
              {busy && <Spinner size={14} />} Remove
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirming(false)} disabled={busy}>
              Keep
            </button>
          </div>
        ) : (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirming(true)} aria-label={`Remove the exception for ${e.clientId}`}>
            <Trash2 aria-hidden="true" size={14} /> Remove…
          </button>
        )}
      </td>
    </tr>
  );
}
