import type { EntityMapping, MappingFilter } from '../../../shared/model/mapping';

/** Text as filters compare it: trimmed and lower-cased, no value read as ''. */
function filterText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim().toLowerCase();
}

/**
 * One filter as a test on a row: text compared trimmed and case-insensitively, as `skipWhen`
 * does with legacy flags. The run's filter stage and the assessment (which counts a mapping's
 * rows the way the run will read them) share it.
 */
export function filterPredicate(f: Pick<MappingFilter, 'column' | 'op' | 'values'>): (row: Record<string, unknown>) => boolean {
  const values = new Set((f.values ?? []).map((v) => v.trim().toLowerCase()));
  const text = (row: Record<string, unknown>) => filterText(row[f.column]);
  switch (f.op) {
    case 'equals':
    case 'in':
      return (row) => values.has(text(row));
    case 'notEquals':
    case 'notIn':
      return (row) => !values.has(text(row));
    case 'isEmpty':
      return (row) => text(row) === '';
    case 'isNotEmpty':
      return (row) => text(row) !== '';
  }
}

/** Whether a mapping reads a row at all: every filter holds and no `skipWhen` rule matches. */
export function mappingKeepsRow(mapping: Pick<EntityMapping, 'filters' | 'skipWhen'>): (row: Record<string, unknown>) => boolean {
  const tests = (mapping.filters ?? []).map(filterPredicate);
  const skips = (mapping.skipWhen ?? []).map((rule) => ({ column: rule.column, values: new Set(rule.values.map((v) => v.trim().toLowerCase())) }));
  return (row) => tests.every((t) => t(row)) && !skips.some((s) => s.values.has(filterText(row[s.column])));
}

/** The columns `mappingKeepsRow` reads. */
export function rowFilterColumns(mapping: Pick<EntityMapping, 'filters' | 'skipWhen'>): string[] {
  return [...new Set([...(mapping.filters ?? []).map((f) => f.column), ...(mapping.skipWhen ?? []).map((s) => s.column)])];
}
