import { Check, Wand2 } from 'lucide-react';
import { useId } from 'react';
import type { Finding } from '../../../../shared/model/assessment';
import { Spinner } from '../../components/Spinner';
import { findingKey } from '../../stores/assessment-store';
import { useAssessmentStore } from '../../stores/StudioProvider';
import { MappingLink, mentionsMappingScreen } from '../mapping/MappingLink';
import { fixAdoptionState } from './fix-adoption';

/**
 * The finding's "Adopt in mapping" button: carries the suggested fix into the mapping that reads
 * the finding's table, then says what changed and shows the fix as adopted. Disabled, with the
 * reason, while no mapping reads the table; fixes that are not one click say where they are done.
 */
export function AdoptFixAction({ finding }: { finding: Finding }) {
  const mappings = useAssessmentStore((s) => s.mappings);
  const connectionId = useAssessmentStore((s) => s.summaries.find((x) => x.assessmentId === s.selectedId)?.connectionId ?? null);
  const key = findingKey(finding);
  const adopting = useAssessmentStore((s) => s.adopting[key] === true);
  const outcome = useAssessmentStore((s) => s.adoptions[key]);
  const adoptFix = useAssessmentStore((s) => s.adoptFix);
  const reasonId = useId();
  const state = fixAdoptionState(finding, mappings, connectionId);
  if (!state) return null;

  if (state.kind === 'manual') {
    return (
      <div className="adopt-fix inline-field">
        <p className="muted" data-testid="adopt-fix-manual">
          {state.note}
        </p>
        {mentionsMappingScreen(state.note) && <MappingLink focus={{ stream: finding.table, column: finding.column ?? undefined }} />}
      </div>
    );
  }
  const adopted = state.kind === 'adopted' || (outcome !== undefined && !outcome.changed);
  return (
    <div className="adopt-fix inline-field" data-testid="adopt-fix">
      {adopted ? (
        <span className="tag tag-info" data-testid="adopt-fix-adopted">
          <Check aria-hidden="true" size={14} /> Adopted in {state.kind === 'no-mapping' ? 'the mapping' : `${state.mapping.stream} → ${state.mapping.entity}`}
        </span>
      ) : (
        <button
          type="button"
          className="btn btn-small"
          disabled={state.kind === 'no-mapping' || adopting}
          aria-describedby={state.kind === 'no-mapping' ? reasonId : undefined}
          onClick={() => void adoptFix(finding)}
          data-testid="adopt-fix-button"
        >
          {adopting ? <Spinner size={14} /> : <Wand2 aria-hidden="true" size={14} />} Adopt in mapping
        </button>
      )}
      {state.kind === 'no-mapping' && (
        <span id={reasonId} className="muted" data-testid="adopt-fix-reason">
          {state.reason}
        </span>
      )}
      {state.kind !== 'no-mapping' && <MappingLink focus={{ mappingId: state.mapping.id, column: finding.column ?? undefined }} />}
      {outcome && (
        <span className="muted" role="status" data-testid="adopt-fix-change">
          {outcome.change}
        </span>
      )}
    </div>
  );
}
