import type { Finding } from '../../../../shared/model/assessment';

/**
 * One finding per problem. A column feeding a required field is looked at twice — by its
 * profile (MISSING_VALUE, or EMPTY_COLUMN when no row has a value) and, with a mapping, by the
 * mapping's required-field check (MISSING_REQUIRED) — and both name the same rows. Counting both
 * doubled the errors and the score's penalty, so the mapping's finding gives way to the
 * profile's for the same table and column: MISSING_VALUE is the code the demo manifest plants
 * and carries the examples, EMPTY_COLUMN spells out the choices.
 */
export function onePerProblem(findings: readonly Finding[]): Finding[] {
  const profiled = new Set(findings.filter((f) => f.column !== null && (f.code === 'MISSING_VALUE' || (f.code === 'EMPTY_COLUMN' && f.severity === 'error'))).map((f) => `${f.table}\u0000${f.column}`));
  return findings.filter((f) => f.code !== 'MISSING_REQUIRED' || f.column === null || !profiled.has(`${f.table}\u0000${f.column}`));
}
