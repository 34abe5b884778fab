import { ChevronDown, ChevronRight, Wrench } from 'lucide-react';
import { useId, useState } from 'react';
import type { Finding, FindingFix } from '../../../../shared/model/assessment';
import { formatCount } from '../../format/numbers';
import { AdoptFixAction } from './AdoptFixAction';
import { ExampleRows } from './ExampleRows';
import { findingTestId, SEVERITY_ICONS } from './severity';

export const FIX_KIND_LABELS: Record<FindingFix['kind'], string> = {
  transform: 'Transform',
  crosswalk: 'Crosswalk',
  rule: 'Rule',
  exclusion: 'Exclusion',
  review: 'Review by a person',
};

/** Codes whose `count` is pairs of rows rather than rows (docs/conventions.md). */
const PAIR_CODES = new Set(['DUPLICATE_PERSON']);

function affected(finding: Finding): string {
  const unit = PAIR_CODES.has(finding.code) ? (finding.count === 1 ? 'pair' : 'pairs') : finding.count === 1 ? 'row' : 'rows';
  return `${formatCount(finding.count)} ${unit}`;
}

/** One finding: a line that opens onto its message, the offending rows (masked) and the suggested fix. */
export function FindingItem({ finding }: { finding: Finding }) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const Icon = SEVERITY_ICONS[finding.severity];
  const where = finding.column === null ? finding.table : `${finding.table}.${finding.column}`;
  return (
    <li className={`finding sev-${finding.severity}${open ? ' is-open' : ''}`} data-testid={findingTestId(finding)}>
      <button type="button" className="finding-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen((o) => !o)}>
        {open ? <ChevronDown aria-hidden="true" size={16} /> : <ChevronRight aria-hidden="true" size={16} />}
        <Icon aria-hidden="true" size={15} className="finding-icon" />
        <code className="finding-code">{finding.code}</code>
        <span className="finding-where mono" dir="auto" title={where}>
          {where}
        </span>
        <span className="finding-summary" dir="auto">
          {finding.message}
        </span>
        <span className="finding-count num">{affected(finding)}</span>
      </button>
      {open && (
        <div id={bodyId} className="finding-body" data-testid="finding-body">
          <p dir="auto">{finding.message}</p>
          <p className="muted">
            Affects {affected(finding)} of <span className="mono">{where}</span>.
          </p>
          <ExampleRows examples={finding.examples} />
          <div className="finding-fix" data-testid="finding-fix">
            <Wrench aria-hidden="true" size={15} />
            {finding.fix ? (
              <p>
                <span className="tag">{FIX_KIND_LABELS[finding.fix.kind] ?? finding.fix.kind}</span> <span dir="auto">{finding.fix.description}</span>
              </p>
            ) : (
              <p className="muted">No suggested fix: decide case by case, or leave the data as it is.</p>
            )}
          </div>
          <AdoptFixAction finding={finding} />
        </div>
      )}
    </li>
  );
}
