import type { Finding } from '../../../../shared/model/assessment';
import { hasAdopted, isAdoptable, mappingForFinding } from '../../../../shared/model/fix-adoption';
import type { EntityMapping } from '../../../../shared/model/mapping';

/** Where a finding's fix stands against the project's mappings, as the finding shows it. */
export type FixAdoptionState =
  | { kind: 'adoptable'; mapping: EntityMapping }
  | { kind: 'adopted'; mapping: EntityMapping }
  /** Adoptable in kind, but no mapping reads the table yet. */
  | { kind: 'no-mapping'; reason: string }
  /** Not a one-click change (a person decides, or the mapping cannot express it); `note` says where it is done. */
  | { kind: 'manual'; note: string };

/**
 * Null when the finding suggests no fix at all. Which fixes go in one click and which mapping
 * they go into is the engine's own rule (src/shared/model/fix-adoption.ts), not a copy of it.
 */
export function fixAdoptionState(finding: Finding, mappings: EntityMapping[], connectionId: string | null): FixAdoptionState | null {
  const fix = finding.fix;
  if (!fix) return null;
  if (!isAdoptable(finding)) {
    if (fix.kind === 'crosswalk') return { kind: 'manual', note: 'Confirm or reject the pairs on the People to review tab; every run merges the confirmed ones into their survivors.' };
    if (fix.kind === 'review') return { kind: 'manual', note: 'A person needs to look at these rows: correct them at the source, then assess again.' };
    return { kind: 'manual', note: 'Make this change by hand on the Mapping screen.' };
  }
  const mapping = connectionId === null ? null : mappingForFinding(mappings, connectionId, finding);
  if (!mapping) return { kind: 'no-mapping', reason: `No mapping reads ${finding.table} yet: map it onto an Academia Pro entity first.` };
  return hasAdopted(mapping, finding) ? { kind: 'adopted', mapping } : { kind: 'adoptable', mapping };
}
