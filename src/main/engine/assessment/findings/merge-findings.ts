import type { Finding, Severity } from '../../../../shared/model/assessment';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * One list of findings from profiling, relationships and people matching. When two sources
 * report the same code on the same table and column, the specialised one (relationships,
 * matching) is kept: it looked at the question directly. Ordered by severity, then table, then
 * the number of rows affected.
 */
export function mergeFindings(profiling: readonly Finding[], specialised: readonly Finding[]): Finding[] {
  const taken = new Set(specialised.map(keyOf));
  const merged = [...specialised, ...profiling.filter((f) => !taken.has(keyOf(f)))];
  return merged.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.table.localeCompare(b.table) || b.count - a.count || a.code.localeCompare(b.code) || (a.column ?? '').localeCompare(b.column ?? ''));
}

function keyOf(f: Finding): string {
  return `${f.code}\u0000${f.table}\u0000${f.column ?? ''}`;
}
