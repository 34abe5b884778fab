import { useId, useState } from 'react';
import type { ApiVersionStatus, SandboxApiVersion } from '../../../../shared/model/target';
import { Spinner } from '../../components/Spinner';
import { formatDateTime } from '../../format/time';
import type { VersionStatusRequest } from '../../stores/sandbox-admin-store';
import { useSandboxAdminStore } from '../../stores/StudioProvider';
import { VersionStatusTag } from '../target/ApiInfoCard';
import { fromDateInput } from './admin-form-model';

type SettableStatus = VersionStatusRequest['status'];
const SETTABLE: SettableStatus[] = ['Development', 'Testing', 'Production', 'Deprecated'];

/** The API versions the sandbox serves, their lifecycle, and a control to move one along it. */
export function VersionsSection({ versions }: { versions: SandboxApiVersion[] }) {
  const production = versions.find((v) => v.status === 'Production')?.version ?? null;
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="admin-versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Document</th>
            <th scope="col">Lifecycle</th>
            <th scope="col">Breaking changes</th>
            <th scope="col">Change status</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <VersionRow key={v.version} version={v} production={production} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a status change will do, in words, before it is done. */
export function versionChangeConsequence(version: string, status: SettableStatus, production: string | null, sunsetAt: string | null): string {
  const sunset = sunsetAt ? `, with a sunset on ${formatDateTime(sunsetAt)}` : '';
  if (status === 'Production' && production && production !== version) {
    return `Making ${version} Production deprecates ${production}${sunset}: answers on ${production} will carry Deprecation and Sunset headers, and a studio still using ${production} will warn its users.`;
  }
  if (status === 'Deprecated') {
    return `Deprecating ${version}${sunset}: its answers will carry Deprecation and Sunset headers${production && production !== version ? ` pointing to ${production}` : ''}.`;
  }
  return `${version} becomes ${status}; clients using it see no change in the answers.`;
}

function VersionRow({ version: v, production }: { version: SandboxApiVersion; production: string | null }) {
  const setVersionStatus = useSandboxAdminStore((s) => s.setVersionStatus);
  const busy = useSandboxAdminStore((s) => s.busy[`version:${v.version}`] === true);
  const [status, setStatus] = useState<SettableStatus | ''>('');
  const [sunset, setSunset] = useState('');
  const [confirming, setConfirming] = useState(false);
  const ids = { status: useId(), sunset: useId() };
  const choices = SETTABLE.filter((s) => s !== v.status);
  const deprecates = status === 'Deprecated' || (status === 'Production' && production !== null && production !== v.version);
  const sunsetAt = deprecates ? fromDateInput(sunset) : null;

  const apply = async () => {
    if (status === '') return;
    const request: VersionStatusRequest = { version: v.version, status, ...(sunsetAt ? { sunsetAt } : {}) };
    if (await setVersionStatus(request)) {
      setConfirming(false);
      setStatus('');
      setSunset('');
    }
  };

  return (
    <tr data-testid={`version-${v.version}`}>
      <th scope="row" className="mono">
        {v.version}
        <div className="muted mono">{v.basePath}</div>
      </th>
      <td>
        <VersionStatusTag status={v.status as ApiVersionStatus} />
      </td>
      <td className="mono">{v.documentVersion}</td>
      <td className="version-lifecycle">
        {v.deprecatedAt && <div>Deprecated {formatDateTime(v.deprecatedAt)}</div>}
        {v.sunsetAt && <div>Sunset {formatDateTime(v.sunsetAt)}</div>}
        {v.successorVersion && <div>Successor {v.successorVersion}</div>}
        {!v.deprecatedAt && !v.sunsetAt && !v.successorVersion && <span className="muted">—</span>}
      </td>
      <td>
        {v.changes.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <details>
            <summary>
              {v.changes.length} {v.changes.length === 1 ? 'change' : 'changes'}
            </summary>
            <ul className="version-changes">
              {v.changes.map((c, i) => (
                <li key={i} className="mono">
                  {describeChange(c)}
                </li>
              ))}
            </ul>
          </details>
        )}
      </td>
      <td className="version-control">
        {confirming && status !== '' ? (
          <div className="confirm-inline" role="group" aria-label={`Confirm changing ${v.version} to ${status}`}>
            <span data-testid={`version-consequence-${v.version}`}>{versionChangeConsequence(v.version, status, production, sunsetAt)}</span>
            <button type="button" className="btn btn-small btn-primary" onClick={() => void apply()} disabled={busy} aria-busy={busy}>
              {busy && <Spinner size={14} />} Make it {status}
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        ) : (
          <div className="inline-field">
            <label htmlFor={ids.status} className="visually-hidden">
              New status of {v.version}
            </label>
            <select id={ids.status} className="input input-small" value={status} onChange={(e) => setStatus(e.target.value as SettableStatus | '')}>
              <option value="">Move to…</option>
              {choices.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            {deprecates && (
              <>
                <label htmlFor={ids.sunset} className="visually-hidden">
                  Sunset date (optional)
                </label>
                <input id={ids.sunset} className="input input-small" type="date" value={sunset} onChange={(e) => setSunset(e.target.value)} title="Sunset date (optional)" />
              </>
            )}
            <button type="button" className="btn btn-small" disabled={status === '' || busy} onClick={() => setConfirming(true)}>
              Change…
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}

/** A breaking change as the document lists it, in one line (its description when it has one). */
function describeChange(change: Record<string, unknown>): string {
  for (const key of ['description', 'summary', 'message']) {
    if (typeof change[key] === 'string') return change[key] as string;
  }
  return Object.entries(change)
    .map(([k, value]) => `${k}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}
