import { Search } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import type { SandboxEndpoint } from '../../../../shared/model/target';
import { formatCount } from '../../format/numbers';
import { filterEndpoints, type EndpointFilter } from './endpoint-filter';
import { ScopeList } from './ScopeList';

/** Every operation the sandbox serves, with the scopes a client needs for it; filterable. */
export function EndpointsSection({ endpoints }: { endpoints: SandboxEndpoint[] }) {
  const [filter, setFilter] = useState<EndpointFilter>({ text: '', method: '', version: '' });
  const ids = { text: useId(), method: useId(), version: useId() };
  const methods = useMemo(() => [...new Set(endpoints.map((e) => e.method.toUpperCase()))].sort(), [endpoints]);
  const versions = useMemo(() => [...new Set(endpoints.map((e) => e.apiVersion))].sort(), [endpoints]);
  const shown = useMemo(() => filterEndpoints(endpoints, filter), [endpoints, filter]);
  const change = (patch: Partial<EndpointFilter>) => setFilter((f) => ({ ...f, ...patch }));

  return (
    <div className="stack stack-tight">
      <div className="admin-toolbar" role="search" aria-label="Endpoint filters">
        <div className="input-with-icon field-grow">
          <Search aria-hidden="true" size={14} />
          <label htmlFor={ids.text} className="visually-hidden">
            Filter endpoints
          </label>
          <input id={ids.text} className="input" type="search" value={filter.text} onChange={(e) => change({ text: e.target.value })} placeholder="Path, scope or tag, e.g. students write" spellCheck={false} />
        </div>
        <label htmlFor={ids.method} className="visually-hidden">
          Method
        </label>
        <select id={ids.method} className="input admin-select" value={filter.method} onChange={(e) => change({ method: e.target.value })}>
          <option value="">Every method</option>
          {methods.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <label htmlFor={ids.version} className="visually-hidden">
          API version
        </label>
        <select id={ids.version} className="input admin-select" value={filter.version} onChange={(e) => change({ version: e.target.value })}>
          <option value="">Every version</option>
          {versions.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
        <span className="muted" aria-live="polite" data-testid="endpoint-count">
          {shown.length === endpoints.length ? `${formatCount(endpoints.length)} endpoints` : `${formatCount(shown.length)} of ${formatCount(endpoints.length)} endpoints`}
        </span>
      </div>
      <div className="table-scroll admin-scroll">
        <table className="data-table" data-testid="admin-endpoints">
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Path</th>
              <th scope="col">Version</th>
              <th scope="col">Scopes</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={`${e.apiVersion} ${e.method} ${e.path}`}>
                <td>
                  <span className={`method-tag method-${e.method.toLowerCase()}`}>{e.method.toUpperCase()}</span>
                </td>
                <td className="mono" dir="ltr">
                  {e.path}
                </td>
                <td>{e.apiVersion}</td>
                <td>{e.scopes === null || e.scopes.length === 0 ? <span className="muted">none (public)</span> : <ScopeList scopes={e.scopes} />}</td>
                <td className="muted">{e.summary ?? e.operationId}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p className="muted admin-empty">No endpoint matches this filter.</p>}
      </div>
    </div>
  );
}
