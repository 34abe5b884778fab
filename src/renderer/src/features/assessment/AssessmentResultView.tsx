import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { AssessmentSummary } from '../../../../shared/model/assessment';
import { RelativeTime } from '../../components/RelativeTime';
import { formatCount } from '../../format/numbers';
import type { AssessmentDetail } from '../../stores/assessment-store';
import { decisionCounts } from './duplicate-groups';
import { DuplicatesQueue } from './DuplicatesQueue';
import { FindingsPanel } from './FindingsPanel';
import { NotAssessedList } from './NotAssessedList';
import { ReadinessPanel } from './ReadinessPanel';
import { RelationshipsTable } from './RelationshipsTable';
import { ReportExport } from './ReportExport';

type Tab = 'findings' | 'duplicates' | 'relationships' | 'not-assessed';

/** A completed assessment: readiness up front, then findings, the review queue and relationships. */
export function AssessmentResultView({ summary, detail }: { summary: AssessmentSummary; detail: AssessmentDetail }) {
  const [tab, setTab] = useState<Tab>('findings');
  const baseId = useId();
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  const open = decisionCounts(detail.duplicates).open;
  const tabs: { id: Tab; label: string; count: number; attention?: boolean }[] = [
    { id: 'findings', label: 'Findings', count: detail.findings.length },
    { id: 'duplicates', label: 'People to review', count: detail.duplicates.length, attention: open > 0 },
    { id: 'relationships', label: 'Relationships', count: detail.relationships.length },
    ...(detail.notAssessed.length > 0 ? [{ id: 'not-assessed' as const, label: 'Not assessed', count: detail.notAssessed.length, attention: true }] : []),
  ];
  const current = tabs.some((t) => t.id === tab) ? tab : 'findings';

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab goes on into the panel.
  const onTabKey = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const index = tabs.findIndex((t) => t.id === current);
    const next = tabs[(index + step + tabs.length) % tabs.length].id;
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="stack assessment-result" data-testid="assessment-result">
      <div className="result-header">
        <div>
          <h2 className="result-title" dir="auto">
            {summary.connectionName}
          </h2>
          <p className="muted result-source" title={detail.source}>
            Assessed <RelativeTime iso={detail.assessedAt} /> · <span dir="auto">{detail.source}</span>
          </p>
        </div>
        <ReportExport />
      </div>
      <ReadinessPanel readiness={detail.readiness} />
      <section className="card">
        <div className="tabs" role="tablist" aria-label="Assessment details" onKeyDown={onTabKey}>
          {tabs.map((t) => (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[t.id] = el;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${t.id}`}
              aria-controls={`${baseId}-panel-${t.id}`}
              aria-selected={current === t.id}
              tabIndex={current === t.id ? 0 : -1}
              className="tab"
              data-testid={`tab-${t.id}`}
              onClick={() => setTab(t.id)}
            >
              {t.label} <span className={`count-pill${t.attention ? ' count-pill-attention' : ''}`}>{formatCount(t.count)}</span>
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`${baseId}-panel-${current}`} aria-labelledby={`${baseId}-tab-${current}`} className="tab-panel">
          {current === 'findings' && <FindingsPanel findings={detail.findings} />}
          {current === 'duplicates' && <DuplicatesQueue detail={detail} />}
          {current === 'relationships' && <RelationshipsTable relationships={detail.relationships} />}
          {current === 'not-assessed' && <NotAssessedList items={detail.notAssessed} />}
        </div>
      </section>
    </div>
  );
}
