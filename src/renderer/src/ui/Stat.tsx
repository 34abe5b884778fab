import type { ReactNode } from 'react';

/**
 * One figure with its label ("3 Sources"), optionally a button to where it comes from. The
 * accessible name reads value then label, so "3 sources" is what a screen reader says.
 */
export function Stat({
  label,
  value,
  icon,
  hint,
  tone,
  onClick,
  actionLabel,
  testId,
}: {
  label: string;
  value: ReactNode;
  icon?: ReactNode;
  hint?: ReactNode;
  tone?: 'ok' | 'warning' | 'danger';
  onClick?(): void;
  /** Accessible name of the button when `onClick` is given (e.g. "3 sources: open Sources"). */
  actionLabel?: string;
  testId?: string;
}) {
  const className = ['count-tile', 'stat', tone ? `stat-${tone}` : undefined].filter(Boolean).join(' ');
  const body = (
    <>
      {icon && (
        <span className="stat-icon" aria-hidden="true">
          {icon}
        </span>
      )}
      <span className="count-tile-value" data-testid={testId}>
        {value}
      </span>
      <span className="count-tile-label">{label}</span>
      {hint && <span className="stat-hint muted">{hint}</span>}
    </>
  );
  return onClick ? (
    <button type="button" className={className} onClick={onClick} aria-label={actionLabel}>
      {body}
    </button>
  ) : (
    <div className={className}>{body}</div>
  );
}
