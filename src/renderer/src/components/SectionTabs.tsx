import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { formatCount } from '../format/numbers';

/** One tab: its id, its label, and an optional count shown beside it. */
export interface SectionTab<T extends string> {
  id: T;
  label: string;
  count?: number;
  /** Draws the eye to the count (something there needs a look). */
  attention?: boolean;
}

/**
 * Tabs in the WAI-ARIA pattern: arrow keys (and Home / End) move between tabs, Tab goes on into
 * the panel. Only the current panel is rendered, so a tab that asks the engine for data does so
 * when it is opened.
 */
export function SectionTabs<T extends string>({
  label,
  tabs,
  current,
  onChange,
  testIdPrefix = 'tab',
  children,
}: {
  label: string;
  tabs: SectionTab<T>[];
  current: T;
  onChange(tab: T): void;
  testIdPrefix?: string;
  children: ReactNode;
}) {
  const baseId = useId();
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});

  const onKey = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === current);
    const nextIndex =
      event.key === 'ArrowRight' ? (index + 1) % tabs.length : event.key === 'ArrowLeft' ? (index - 1 + tabs.length) % tabs.length : event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : -1;
    if (nextIndex < 0) return;
    event.preventDefault();
    const next = tabs[nextIndex].id;
    onChange(next);
    refs.current[next]?.focus();
  };

  return (
    <>
      <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${t.id}`}
            aria-controls={`${baseId}-panel-${t.id}`}
            aria-selected={current === t.id}
            tabIndex={current === t.id ? 0 : -1}
            className="tab"
            data-testid={`${testIdPrefix}-${t.id}`}
            onClick={() => onChange(t.id)}
          >
            {t.label}
            {t.count !== undefined && ' '}
            {t.count !== undefined && <span className={`count-pill${t.attention ? ' count-pill-attention' : ''}`}>{formatCount(t.count)}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel-${current}`} aria-labelledby={`${baseId}-tab-${current}`} className="tab-panel">
        {children}
      </div>
    </>
  );
}
