import { useId, type ReactNode } from 'react';

/**
 * A titled panel. The title names the section for assistive technology; `actions` sit at the
 * title's end (inline-end, so they follow right-to-left layouts).
 */
export function Card({
  title,
  actions,
  children,
  className,
  testId,
  titleId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
  testId?: string;
  /** A fixed id for the title (when something else points at it). */
  titleId?: string;
}) {
  const generated = useId();
  const headingId = titleId ?? `${generated}-title`;
  const heading = title !== undefined && (
    <h2 id={headingId} className="card-title">
      {title}
    </h2>
  );
  return (
    <section className={['card', className].filter(Boolean).join(' ')} aria-labelledby={title !== undefined ? headingId : undefined} data-testid={testId}>
      {actions ? (
        <div className="card-header">
          {heading}
          <div className="card-header-actions">{actions}</div>
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}
