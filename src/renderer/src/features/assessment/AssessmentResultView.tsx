import { useState } from 'react';
import type { AssessmentSummary } from '../../../../shared/model/assessment';
import { RelativeTime } from '../../components/RelativeTime';
import { SectionTabs, type SectionTab } from '../../components/SectionTabs';
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
  const open = decisionCounts(detail.duplicates).open;
  const tabs: SectionTab<Tab>[] = [
    { id: 'findings', label: 'Findings', count: detail.findings.length },
    { id: 'duplicates', label: 'People to review', count: detail.duplicates.length, attention: open > 0 },
    { id: 'relationships', label: 'Relationships', count: detail.relationships.length },
    ...(detail.notAssessed.length > 0 ? [{ id: 'not-assessed' as const, label: 'Not assessed', count: detail.notAssessed.length, attention: true }] : []),
  ];
  const current: Tab = tabs.some((t) => t.id === tab) ? tab : 'findings';

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
        <SectionTabs<Tab> label="Assessment details" tabs={tabs} current={current} onChange={setTab}>
          {current === 'findings' && <FindingsPanel findings={detail.findings} />}
          {current === 'duplicates' && <DuplicatesQueue detail={detail} />}
          {current === 'relationships' && <RelationshipsTable relationships={detail.relationships} />}
          {current === 'not-assessed' && <NotAssessedList items={detail.notAssessed} />}
        </SectionTabs>
      </section>
    </div>
  );
}
