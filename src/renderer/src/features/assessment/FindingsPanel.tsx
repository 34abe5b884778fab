import { useId, useMemo, useState } from 'react';
import type { Finding, Severity } from '../../../../shared/model/assessment';
import { formatCount } from '../../format/numbers';
import { FindingItem } from './FindingItem';
import { findingTestId, SEVERITIES, SEVERITY_ICONS, SEVERITY_LABELS } from './severity';

type SeverityFilter = Severity | 'all';

/** Findings grouped by severity, with counts, a severity and a table filter. */
export function FindingsPanel({ findings }: { findings: Finding[] }) {
  const [severity, setSeverity] = useState<SeverityFilter>('all');
  const [table, setTable] = useState('');
  const ids = { table: useId(), severity: useId() };

  const tables = useMemo(() => [...new Set(findings.map((f) => f.table))].sort((a, b) => a.localeCompare(b)), [findings]);
  const counts = useMemo(() => {
    const byTable = table ? findings.filter((f) => f.table === table) : findings;
    const count = (s: Severity) => byTable.filter((f) => f.severity === s).length;
    return { all: byTable.length, error: count('error'), warning: count('warning'), info: count('info') };
  }, [findings, table]);
  const shown = findings.filter((f) => (severity === 'all' || f.severity === severity) && (table === '' || f.table === table));

  if (findings.length === 0) return <p className="muted">No problems were found in this source.</p>;

  return (
    <div className="stack stack-tight findings">
      <div className="findings-toolbar">
        <div className="segmented" role="radiogroup" aria-labelledby={ids.severity}>
          <span id={ids.severity} className="visually-hidden">
            Severity
          </span>
          {(['all', ...SEVERITIES] as SeverityFilter[]).map((s) => (
            <button
              key={s}
              type="button"
              role="radio"
              aria-checked={severity === s}
              className={`segmented-item${s !== 'all' ? ` sev-${s}` : ''}`}
              data-testid={`severity-filter-${s}`}
              onClick={() => setSeverity(s)}
            >
              {s === 'all' ? 'All' : SEVERITY_LABELS[s].many} <span className="count-pill">{formatCount(counts[s])}</span>
            </button>
          ))}
        </div>
        <div className="inline-field">
          <label htmlFor={ids.table} className="muted">
            Table
          </label>
          <select id={ids.table} className="input input-small findings-table-filter" value={table} onChange={(e) => setTable(e.target.value)} data-testid="findings-table-filter">
            <option value="">All tables</option>
            {tables.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
      </div>
      {shown.length === 0 ? (
        <p className="muted">No findings match these filters.</p>
      ) : (
        SEVERITIES.map((s) => {
          const group = shown.filter((f) => f.severity === s);
          if (group.length === 0) return null;
          const Icon = SEVERITY_ICONS[s];
          return (
            <section key={s} className={`finding-group sev-${s}`} aria-label={`${SEVERITY_LABELS[s].many}: ${group.length}`} data-testid={`finding-group-${s}`}>
              <h3 className="finding-group-title">
                <Icon aria-hidden="true" size={16} /> {group.length === 1 ? SEVERITY_LABELS[s].one : SEVERITY_LABELS[s].many}{' '}
                <span className="count-pill">{formatCount(group.length)}</span>
              </h3>
              <ul className="finding-list">
                {group.map((f, index) => (
                  <FindingItem key={`${findingTestId(f)}#${index}`} finding={f} />
                ))}
              </ul>
            </section>
          );
        })
      )}
    </div>
  );
}
