import { TriangleAlert } from 'lucide-react';
import type { SourceIssue, StreamInfo } from '../../../../shared/model/connection';
import { describeLocation } from '../../components/ToastArea';

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma (,)', ';': 'semicolon (;)', '\t': 'tab', '|': 'pipe (|)', ' ': 'space' };

/** A delimiter people can read: a tab is not visible, a comma hardly. */
export function delimiterName(delimiter: string): string {
  return DELIMITER_NAMES[delimiter] ?? `“${delimiter}”`;
}

function issueText(issue: SourceIssue): string {
  const where = describeLocation(issue.where);
  return where ? `${issue.message} (${where})` : issue.message;
}

/** True when the stream carries anything the details would show. */
export function hasSourceDetails(stream: StreamInfo): boolean {
  return (
    stream.encoding !== undefined ||
    stream.delimiter !== undefined ||
    stream.headerRow !== undefined ||
    stream.recordPath !== undefined ||
    stream.oneRoster !== undefined ||
    (stream.issues?.length ?? 0) > 0
  );
}

/** How a file stream was read: encoding, delimiter, header row, record path, OneRoster file, and oddities met. */
export function StreamSourceDetails({ stream }: { stream: StreamInfo }) {
  if (!hasSourceDetails(stream)) return null;
  const facts: { label: string; value: string }[] = [];
  if (stream.encoding !== undefined) facts.push({ label: 'Encoding', value: stream.encoding });
  if (stream.delimiter !== undefined) facts.push({ label: 'Delimiter', value: delimiterName(stream.delimiter) });
  if (stream.headerRow !== undefined) facts.push({ label: 'Header', value: `${stream.delimiter !== undefined ? 'line' : 'row'} ${stream.headerRow}` });
  if (stream.recordPath !== undefined) facts.push({ label: 'Records at', value: stream.recordPath });
  if (stream.oneRoster) {
    const o = stream.oneRoster;
    facts.push({ label: 'OneRoster', value: `${o.file ?? 'file not in the spec'} · v${o.version}${o.mode ? ` · ${o.mode}` : ''}` });
  }
  return (
    <div className="stream-source-details" data-testid="stream-source-details">
      {facts.length > 0 && (
        <dl className="inline-facts">
          {facts.map((f) => (
            <div key={f.label}>
              <dt>{f.label}</dt>
              <dd className="mono" dir="auto">
                {f.value}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {stream.issues && stream.issues.length > 0 && (
        <ul className="stream-issues" aria-label="Found while reading" data-testid="stream-issues">
          {stream.issues.map((issue, index) => (
            <li key={index} className="warning-line">
              <TriangleAlert aria-hidden="true" size={14} />
              <span dir="auto">{issueText(issue)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
