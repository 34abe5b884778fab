import { CircleAlert, Info, TriangleAlert } from 'lucide-react';
import type { Finding, Severity } from '../../../../shared/model/assessment';

/** Severities, worst first (the order findings are listed in). */
export const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export const SEVERITY_LABELS: Record<Severity, { one: string; many: string }> = {
  error: { one: 'Error', many: 'Errors' },
  warning: { one: 'Warning', many: 'Warnings' },
  info: { one: 'Info', many: 'Info' },
};

/** Each severity has its own icon as well as its colour. */
export const SEVERITY_ICONS: Record<Severity, typeof Info> = { error: CircleAlert, warning: TriangleAlert, info: Info };

/** `finding-ORPHAN_REFERENCE-PUPILS-FORM_ID`; a finding about a whole table has no column part. */
export function findingTestId(f: Pick<Finding, 'code' | 'table' | 'column'>): string {
  return ['finding', f.code, f.table, ...(f.column === null ? [] : [f.column])].join('-');
}
