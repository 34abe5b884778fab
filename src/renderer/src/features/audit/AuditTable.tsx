import type { AuditEntryInfo } from '../../../../shared/api/services';
import { formatCount } from '../../format/numbers';
import { formatDateTime } from '../../format/time';
import { useAuditStore } from '../../stores/StudioProvider';

/**
 * Entries newest first. Summaries come masked from the engine (no secret, personal data
 * hidden) and may hold names in any script, hence `dir="auto"`.
 */
export function AuditTable({ entries }: { entries: AuditEntryInfo[] }) {
  const badSeq = useAuditStore((s) => (s.verification && !s.verification.valid ? s.verification.firstBadEntry : null));
  return (
    <div className="table-scroll audit-table-scroll">
      <table className="data-table audit-table" data-testid="audit-table" aria-label="Audit entries">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Object</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq} data-seq={entry.seq} className={entry.seq === badSeq ? 'is-mismatch' : undefined} title={`Hash ${entry.hash}`}>
              <td className="num mono">{formatCount(entry.seq)}</td>
              <td className="audit-time">
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </td>
              <td className="mono" dir="auto">
                {entry.actor}
              </td>
              <td>
                <span className="tag mono">{entry.action}</span>
              </td>
              <td className="mono audit-object" dir="auto">
                {entry.object}
              </td>
              <td className="audit-summary" dir="auto">
                {entry.summary}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
