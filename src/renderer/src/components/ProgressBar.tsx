/**
 * A determinate progress bar (or an indeterminate one when `percent` is null). `percent` is what
 * assistive technology hears; `fill` (default: `percent`) is the solid part and `buffer` work
 * done by an earlier phase (rows read but not yet written), drawn lighter behind it.
 */
export function ProgressBar({ percent, fill = percent, buffer, label }: { percent: number | null; fill?: number | null; buffer?: number | null; label: string }) {
  const indeterminate = percent === null;
  return (
    <div
      className={`progress${indeterminate ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={indeterminate ? undefined : percent}
    >
      {!indeterminate && buffer !== undefined && buffer !== null && <div className="progress-buffer" style={{ width: `${buffer}%` }} />}
      <div className="progress-fill" style={indeterminate ? undefined : { width: `${fill ?? 0}%` }} />
    </div>
  );
}
