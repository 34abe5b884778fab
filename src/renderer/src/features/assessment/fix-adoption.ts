import type { Finding } from '../../../../shared/model/assessment';
import type { EntityMapping } from '../../../../shared/model/mapping';

/** Where a finding's fix stands against the project's mappings, as the finding shows it. */
export type FixAdoptionState =
  | { kind: 'adoptable'; mapping: EntityMapping }
  | { kind: 'adopted'; mapping: EntityMapping }
  /** Adoptable in kind, but no mapping reads the table yet. */
  | { kind: 'no-mapping'; reason: string }
  /** Not a one-click change (a person decides, or the mapping cannot express it); `note` says where it is done. */
  | { kind: 'manual'; note: string };

/** `dbo.Person` and `person` name the same table when one side has no schema (as the engine matches them). */
function sameStream(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  const last = (s: string) => s.slice(s.lastIndexOf('.') + 1);
  return (!x.includes('.') || !y.includes('.')) && last(x) === last(y);
}

/** The mapping the engine would adopt the fix into: same connection and table, the fix's entity first. */
export function mappingForFinding(finding: Finding, mappings: EntityMapping[], connectionId: string): EntityMapping | null {
  const own = mappings.filter((m) => m.connectionId === connectionId);
  let reading = own.filter((m) => m.stream === finding.table);
  if (!reading.length) reading = own.filter((m) => sameStream(m.stream, finding.table));
  const entity = finding.fix?.target?.entity;
  return reading.find((m) => m.entity === entity) ?? reading.find((m) => finding.column !== null && m.fields.some((f) => f.column === finding.column)) ?? reading[0] ?? null;
}

function oneClick(finding: Finding): boolean {
  const fix = finding.fix;
  if (!fix || fix.kind === 'review') return false;
  if (fix.transforms?.length) return true;
  const payload = (fix.payload ?? {}) as { key?: unknown; candidates?: unknown; columns?: unknown };
  if (fix.kind === 'rule') return Array.isArray(payload.key) || (Array.isArray(payload.candidates) && payload.candidates.length > 0);
  if (fix.kind === 'exclusion') return Array.isArray(payload.columns) && payload.columns.length > 0;
  return false;
}

/** Null when the finding suggests no fix at all. */
export function fixAdoptionState(finding: Finding, mappings: EntityMapping[], connectionId: string | null): FixAdoptionState | null {
  const fix = finding.fix;
  if (!fix) return null;
  if (!oneClick(finding)) {
    if (fix.kind === 'crosswalk') return { kind: 'manual', note: 'Confirm or reject the pairs on the People to review tab; every run merges the confirmed ones into their survivors.' };
    if (fix.kind === 'review') return { kind: 'manual', note: 'A person needs to look at these rows: correct them at the source, then assess again.' };
    return { kind: 'manual', note: 'Make this change by hand on the Mapping screen.' };
  }
  const mapping = connectionId === null ? null : mappingForFinding(finding, mappings, connectionId);
  if (!mapping) return { kind: 'no-mapping', reason: `No mapping reads ${finding.table} yet: map it onto an Academia Pro entity first.` };
  const adopted = (mapping.adoptedFixes ?? []).some((a) => a.code === finding.code && a.table === finding.table && a.column === finding.column);
  return adopted ? { kind: 'adopted', mapping } : { kind: 'adoptable', mapping };
}
